import RS4ANumerics

/// Looking up a noise's cached table (building it on first use).
enum TableRoute {
    /// The table identified by (noise, adv, method, version), from `cache` or built. A pinned
    /// view of the cache (`TableCache.pinning`) serves its table for ℓ`adv` first, without a key
    /// or a lock.
    static func table<N: Noise>(_ noise: N, adv: Double, method: String, version: Int, cache: TableCache,
                                build: () throws -> RadiusTable) throws -> (TableKey, RadiusTable) {
        if let pin = cache.pinned(adv) { return pin }
        let key = TableKey(kind: noise.kind, parameters: noise.parameters, dim: noise.dim, adversary: adv,
                           method: method, version: version)
        return (key, try cache.table(for: key, build: build))
    }
}
