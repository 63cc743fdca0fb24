import RS4ANumerics

/// Looking up a noise's cached table (building it on first use).
enum TableRoute {
    /// The table identified by (noise, adv, method, version), from `cache` or built.
    static func table<N: Noise>(_ noise: N, adv: Double, method: String, version: Int, cache: TableCache,
                                build: () throws -> RadiusTable) throws -> (TableKey, RadiusTable) {
        let key = TableKey(kind: noise.kind, parameters: noise.parameters, dim: noise.dim, adversary: adv,
                           method: method, version: version)
        return (key, try cache.table(for: key, build: build))
    }
}
