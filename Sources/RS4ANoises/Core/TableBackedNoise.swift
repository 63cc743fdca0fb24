/// A noise with at least one table-backed certificate.
public protocol TableBackedNoise: Noise {
    /// The λ = 1 radius table for ℓ`adv` (built and cached on first use) and its cache key.
    /// - Throws: `NoiseError.noCertificate` if this adversary is not table-backed for this noise.
    func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable)

    /// The exact radii (absolute units) behind the table, computed directly for every ρ —
    /// by integration over the sorted ρ (differential method), exact pieces (Laplace ℓ∞) or
    /// nested root finding (level-set method, slow). Independent of any table; best estimates
    /// without the tables' downward safety margin — for checks, not for certification.
    func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double]
}
