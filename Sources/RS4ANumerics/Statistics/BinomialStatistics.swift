/// Exact binomial inference: Clopper–Pearson bounds and the two-sided binomial test.
public enum BinomialStatistics {
    /// Validates k in 0…n, 1 ≤ n ≤ 2⁵³ (counts beyond are not exact in Float64).
    static func validateCounts(_ successes: Int, _ trials: Int) throws {
        guard trials >= 1, trials <= BinomialDistribution.maximumTrials else {
            throw NumericsError.invalidArgument("trials must be in 1...2^53 = 1...\(BinomialDistribution.maximumTrials) (got \(trials))")
        }
        guard successes >= 0, successes <= trials else {
            throw NumericsError.invalidArgument("successes must be in 0...trials = 0...\(trials) (got \(successes))")
        }
    }

    /// Validates α in (0, 1).
    static func validateAlpha(_ alpha: Double) throws {
        guard alpha > 0, alpha < 1 else {
            throw NumericsError.invalidArgument("alpha must be in (0, 1) (got \(alpha))")
        }
    }
}
