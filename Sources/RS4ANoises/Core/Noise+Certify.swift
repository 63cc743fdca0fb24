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
        let plan = try certificationPlan(adv: adv)
        return try radius(rho, plan: plan, method: method, cache: cache)
    }

    /// `certify` for every ρ of an array (same adversary, method and cache), split over
    /// `threads` workers. Every ρ is validated before any radius is computed.
    public func certify(_ rhos: [Double], adv: Double, method: CertificateMethod = .automatic,
                        cache: TableCache = .shared, threads: Int = Parallel.defaultThreadCount) throws -> [Double] {
        try rhos.withUnsafeBufferPointer { r in
            var failure: (any Error)?
            let radii = [Double](unsafeUninitializedCapacity: r.count) { buffer, initializedCount in
                do {
                    try certify(r, into: buffer, adv: adv, method: method, cache: cache, threads: threads)
                    initializedCount = r.count
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            return radii
        }
    }

    /// `certify` for every ρ of the caller's buffer `rhos`, written to `radii` (of the same
    /// count), split over `threads` workers: for callers holding their own memory (the C ABI).
    /// Every ρ is validated before any radius is computed; after an error `radii` may be partly written.
    public func certify(_ rhos: UnsafeBufferPointer<Double>, into radii: UnsafeMutableBufferPointer<Double>,
                        adv: Double, method: CertificateMethod = .automatic, cache: TableCache = .shared,
                        threads: Int = Parallel.defaultThreadCount) throws {
        precondition(radii.count == rhos.count, "radii must hold one value per ρ")
        for rho in rhos { try Self.validateProbability(rho) }
        let plan = try certificationPlan(adv: adv)
        guard !rhos.isEmpty else { return }
        // Build or load any table once, outside the parallel loop, and hand the loop a view that
        // serves exactly those tables without a lock or a key per ρ.
        let recorder = TableCache.recording(cache)
        _ = try radius(0.75, plan: plan, method: method, cache: recorder)
        let resolved = TableCache.pinning(recorder)
        nonisolated(unsafe) let rhos = rhos
        try ParallelResults.fill(radii, threads: threads) { range, out in
            for i in range { out[i] = try self.radius(rhos[i], plan: plan, method: method, cache: resolved) }
        }
    }

    /// The direct adversaries to use for ℓ`adv` and their penalties pen(a, adv); validates
    /// `adv` and the existence of a certificate (independent of ρ).
    func certificationPlan(adv: Double) throws -> [(adversary: Double, penalty: Double)] {
        try Adversary.validate(adv)
        let direct = directAdversaries
        if direct.contains(adv) {
            try checkCertificateExists(adv: adv)
            return [(adv, 1)]
        }
        // ℓp conversion from every direct adversary that has a certificate.
        var usable: [(adversary: Double, penalty: Double)] = []
        for a in direct {
            do {
                try checkCertificateExists(adv: a)
                usable.append((a, Adversary.penalty(from: a, to: adv, dim: dim)))
            } catch let e as NoiseError {
                if case .noCertificate = e { continue }
                throw e
            }
        }
        guard !direct.isEmpty else { return [] }  // Clean: no noise, radius 0.
        guard !usable.isEmpty else {
            throw NoiseError.noCertificate("\(kind.shortName) has no certificate usable for \(Adversary.name(adv))")
        }
        return usable
    }

    /// max over the plan of R_a(ρ)/pen; 0 for ρ ≤ ½ or an empty plan.
    @inline(__always)
    func radius(_ rho: Double, plan: [(adversary: Double, penalty: Double)], method: CertificateMethod,
                cache: TableCache) throws -> Double {
        guard rho > 0.5 else { return 0 }
        var best = 0.0
        for (a, penalty) in plan {
            let r = try directRadius(rho, adv: a, method: method, cache: cache)
            best = Swift.max(best, penalty == 1 ? r : r / penalty)
        }
        return best
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
