import RS4ANumerics

/// The table plumbing shared by every noise certified through the differential method
/// (NOISES.md): one integrand Ψ and one table-backed adversary per noise. A conforming noise
/// says which integrand and when a table exists; its public `radiusTable`/`exactRadii`
/// forward here, and its `directRadius` uses `tableRadius` (`.automatic`/`.table`) and
/// `integratedRadius` (`.direct`).
protocol DifferentialMethodNoise: TableBackedNoise {
    /// Ψ of the distribution at λ = 1.
    var integrand: DifferentialIntegrand { get }
    /// Throws `NoiseError.noCertificate` unless ℓ`adv` is table-backed for these parameters.
    func checkTableAdversary(_ adv: Double) throws
}

extension DifferentialMethodNoise {
    /// The λ = 1 table for ℓ`adv` and its cache key, built on first use.
    func differentialTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try checkTableAdversary(adv)
        return try TableRoute.table(self, adv: adv, method: integrand.name, version: DifferentialMethod.version,
                                    cache: cache) { try DifferentialMethod.buildTable(integrand) }
    }

    /// The radii behind the table, integrated directly (best estimates, for checks).
    func differentialExactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try checkTableAdversary(adv)
        return try DifferentialMethod.exactRadii(integrand, rhos: rhos, biased: false).map { lambd * $0 }
    }

    /// λ · the sound table lookup at ρ.
    func tableRadius(_ rho: Double, adv: Double, cache: TableCache) throws -> Double {
        lambd * (try differentialTable(adv: adv, cache: cache)).table.lookup(rho)
    }

    /// λ · the integral at ρ, computed directly without a table.
    func integratedRadius(_ rho: Double) throws -> Double {
        lambd * (try DifferentialMethod.exactRadius(integrand, rho: rho))
    }
}
