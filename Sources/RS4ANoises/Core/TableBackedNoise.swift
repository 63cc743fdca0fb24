/// A noise with at least one table-backed certificate.
public protocol TableBackedNoise: Noise {
    /// The λ = 1 radius table for ℓ`adv` (built and cached on first use) and its cache key.
    /// - Throws: `NoiseError.noCertificate` if this adversary is not table-backed for this noise.
    func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable)
}
