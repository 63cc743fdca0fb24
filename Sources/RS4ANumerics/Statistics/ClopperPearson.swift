extension BinomialStatistics {
    /// One-sided Clopper–Pearson lower bound at confidence 1 − α:
    /// B⁻¹_{k, n−k+1}(α), and 0 when k = 0.
    /// - Throws: `NumericsError.invalidArgument` unless trials ≥ 1, successes in 0...trials, α in (0, 1).
    public static func clopperPearsonLower(successes: Int, trials: Int, alpha: Double) throws -> Double {
        try validateCounts(successes, trials)
        try validateAlpha(alpha)
        if successes == 0 { return 0 }
        return Special.betaIInv(Double(successes), Double(trials - successes + 1), alpha)
    }

    /// One-sided Clopper–Pearson upper bound at confidence 1 − α:
    /// B⁻¹_{k+1, n−k}(1 − α), and 1 when k = n. Solved as 1 − I_x = α, so a tiny α
    /// is not rounded away by forming 1 − α.
    /// - Throws: `NumericsError.invalidArgument` unless trials ≥ 1, successes in 0...trials, α in (0, 1).
    public static func clopperPearsonUpper(successes: Int, trials: Int, alpha: Double) throws -> Double {
        try validateCounts(successes, trials)
        try validateAlpha(alpha)
        if successes == trials { return 1 }
        return Special.betaIComplementInv(Double(successes + 1), Double(trials - successes), alpha)
    }

    /// Two-sided Clopper–Pearson interval at confidence 1 − α (α/2 in each tail),
    /// as statsmodels' `proportion_confint(method="beta")` and the upstream code compute it.
    /// - Throws: `NumericsError.invalidArgument` unless trials ≥ 1, successes in 0...trials, α in (0, 1).
    public static func clopperPearsonTwoSided(successes: Int, trials: Int, alpha: Double) throws -> (lower: Double, upper: Double) {
        try validateCounts(successes, trials)
        try validateAlpha(alpha)
        let lower = try clopperPearsonLower(successes: successes, trials: trials, alpha: alpha / 2)
        let upper = try clopperPearsonUpper(successes: successes, trials: trials, alpha: alpha / 2)
        return (lower, upper)
    }
}
