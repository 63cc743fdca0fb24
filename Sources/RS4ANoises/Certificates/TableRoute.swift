import RS4ANumerics

/// Looking up a noise's cached table (building it on first use).
enum TableRoute {
    /// λ · table(ρ) for the table identified by (noise, adv, method, version).
    static func radius<N: Noise>(_ noise: N, rho: Double, adv: Double, method: String, version: Int,
                                 cache: TableCache, build: () throws -> RadiusTable) throws -> Double {
        if let table = cache.pinned(adv) { return noise.lambd * table.lookup(rho) }
        let key = TableKey(kind: noise.kind, parameters: noise.parameters, dim: noise.dim, adversary: adv,
                           method: method, version: version)
        return noise.lambd * (try cache.table(for: key, build: build)).lookup(rho)
    }

    /// The table itself (for inspection, the CLI and the benchmarks).
    static func table<N: Noise>(_ noise: N, adv: Double, method: String, version: Int, cache: TableCache,
                                build: () throws -> RadiusTable) throws -> (TableKey, RadiusTable) {
        let key = TableKey(kind: noise.kind, parameters: noise.parameters, dim: noise.dim, adversary: adv,
                           method: method, version: version)
        return (key, try cache.table(for: key, build: build))
    }
}
