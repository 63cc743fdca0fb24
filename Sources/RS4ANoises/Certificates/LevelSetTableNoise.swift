import RS4ANumerics

/// The table plumbing shared by the spherical noises certified through the level-set method
/// (NOISES.md): ℓ2 only, a table over radii in units of σ₁ = s(params). The public
/// `radiusTable`/`exactRadii`/`certifiedProbability` of a conforming noise forward here.
protocol LevelSetTableNoise: TableBackedNoise, LevelSetNoise {
    /// σ₁ = s(params), the unit of the table's radius grid.
    var scale: Double { get }
    /// The distribution's level-set model at λ = 1.
    func levelSetModel() throws -> LevelSetModel
}

extension LevelSetTableNoise {
    func checkTableAdversary(_ adv: Double) throws {
        guard adv == 2 else { throw NoiseError.noCertificate("\(kind.shortName) has a radius table only for ℓ2") }
    }

    /// The λ = 1 table and its cache key, built on first use.
    func levelSetTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try checkTableAdversary(adv)
        return try TableRoute.table(self, adv: adv, method: "level-set", version: LevelSetMethod.version, cache: cache) {
            try LevelSetTableBuilder.build(try levelSetModel(), sigmaUnit: scale)
        }
    }

    /// The radii behind the table, solved directly (best estimates, slow, for checks).
    func levelSetExactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try checkTableAdversary(adv)
        let model = try levelSetModel()
        return try rhos.map { lambd * (try LevelSetMethod.exactRadius(model, rho: $0, sigmaUnit: scale, biased: false)) }
    }

    /// λ · the sound table lookup at ρ.
    func tableRadius(_ rho: Double, adv: Double, cache: TableCache) throws -> Double {
        lambd * (try levelSetTable(adv: adv, cache: cache)).table.lookup(rho)
    }

    /// λ · the radius at ρ solved directly without a table (biased down by the solver tolerance).
    func solvedRadius(_ rho: Double) throws -> Double {
        lambd * (try LevelSetMethod.exactRadius(try levelSetModel(), rho: rho, sigmaUnit: scale))
    }

    /// ρ certifying an ℓ2 shift of length e (absolute units), computed directly.
    func levelSetProbability(l2Radius e: Double) throws -> Double {
        try LevelSetMethod.rho(try levelSetModel(), e: e / lambd)
    }
}
