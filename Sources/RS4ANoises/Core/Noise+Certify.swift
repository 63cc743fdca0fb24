import RS4ANumerics

extension Noise {
    /// Certified radius against an ℓ`adv` adversary for a lower bound `rho` on the
    /// top-class probability (NOISES.md).
    ///
    /// - Parameters:
    ///   - rho: ρ ∈ [0, 1]; the radius is 0 for ρ ≤ ½.
    ///   - adv: p ∈ [1, ∞] (`.infinity` for ℓ∞). Direct radius when the noise has one for p,
    ///     else `max_a R_a / pen(a, p)` over the direct adversaries a.
    ///   - method: `.automatic` (default, certified) or a forced route, see `CertificateMethod`.
    ///   - cache: where radius tables live (memory + disk); `TableCache.shared` by default.
    /// - Returns: the radius in absolute units (Float64).
    /// - Throws: `NoiseError.invalidProbability` for ρ NaN or outside [0, 1];
    ///   `.invalidAdversary` for p < 1 or NaN; `.noCertificate` when no certificate exists
    ///   (e.g. ExpInf ℓ∞ with j ≠ 0); `.tableFailure` if a table cannot be built soundly.
    public func certify(_ rho: Double, adv: Double, method: CertificateMethod = .automatic,
                        cache: TableCache = .shared) throws -> Double {
        try Self.validateProbability(rho)
        try Adversary.validate(adv)
        let direct = directAdversaries
        if direct.contains(adv) {
            try checkCertificateExists(adv: adv)
            return rho <= 0.5 ? 0 : try directRadius(rho, adv: adv, method: method, cache: cache)
        }
        // ℓp conversion from every available direct adversary.
        let usable = try direct.filter { a in
            do { try checkCertificateExists(adv: a); return true } catch let e as NoiseError {
                if case .noCertificate = e { return false }
                throw e
            }
        }
        guard !direct.isEmpty else { return 0 }  // Clean: no noise, no certificate beyond 0.
        guard !usable.isEmpty else {
            throw NoiseError.noCertificate("\(kind.shortName) has no certificate usable for \(Adversary.name(adv))")
        }
        if rho <= 0.5 { return 0 }
        var best = 0.0
        for a in usable {
            let r = try directRadius(rho, adv: a, method: method, cache: cache) / Adversary.penalty(from: a, to: adv, dim: dim)
            best = Swift.max(best, r)
        }
        return best
    }

    /// `certify` for every ρ of an array (same adversary, method and cache).
    public func certify(_ rhos: [Double], adv: Double, method: CertificateMethod = .automatic,
                        cache: TableCache = .shared) throws -> [Double] {
        try rhos.map { try certify($0, adv: adv, method: method, cache: cache) }
    }

    /// ℓ1 radius: `certify(rho, adv: 1)`.
    public func certifyL1(_ rho: Double, method: CertificateMethod = .automatic, cache: TableCache = .shared) throws -> Double {
        try certify(rho, adv: 1, method: method, cache: cache)
    }

    /// ℓ2 radius: `certify(rho, adv: 2)`.
    public func certifyL2(_ rho: Double, method: CertificateMethod = .automatic, cache: TableCache = .shared) throws -> Double {
        try certify(rho, adv: 2, method: method, cache: cache)
    }

    /// ℓ∞ radius: `certify(rho, adv: .infinity)`.
    public func certifyLinf(_ rho: Double, method: CertificateMethod = .automatic, cache: TableCache = .shared) throws -> Double {
        try certify(rho, adv: .infinity, method: method, cache: cache)
    }

    static func validateProbability(_ rho: Double) throws {
        guard !rho.isNaN, rho >= 0, rho <= 1 else {
            throw NoiseError.invalidProbability("prob_lb (ρ) must be in [0, 1], got \(rho)")
        }
    }

    /// Every direct adversary has a certificate unless the noise says otherwise
    /// (ExpInf ℓ∞ with j ≠ 0), checked before ρ so the error does not depend on ρ.
    func checkCertificateExists(adv: Double) throws {
        if let e = self as? any CertificateAvailability { try e.checkAvailability(adv: adv) }
    }
}

/// Noises whose direct adversary set has parameter-dependent holes.
protocol CertificateAvailability {
    func checkAvailability(adv: Double) throws
}
