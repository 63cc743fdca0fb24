extension BinomialStatistics {
    /// Exact two-sided binomial test p-value with scipy.stats.binomtest semantics:
    /// the probability of all outcomes whose pmf is ≤ pmf(k)·(1 + 1e-7) (the relative
    /// tolerance scipy uses so that ties survive rounding), capped at 1.
    /// - Throws: `NumericsError.invalidArgument` unless 1 ≤ trials ≤ 2⁵³, successes in 0...trials, p in [0, 1].
    public static func binomialTestPValue(successes k: Int, trials n: Int, p: Double = 0.5) throws -> Double {
        try validateCounts(k, n)
        guard p >= 0, p <= 1 else {
            throw NumericsError.invalidArgument("p must be in [0, 1] (got \(p))")
        }
        let dist = try BinomialDistribution(n: n, p: p)
        let d = dist.pmf(k)
        let threshold = d * (1 + 1e-7)
        let mean = Double(n) * p
        let kd = Double(k)
        if kd == mean { return 1 }
        var pValue: Double
        if kd < mean {
            // Other tail: the first index at or above the mode whose pmf is ≤ threshold.
            // (mean ≤ n; clamped on the Double side so the conversion can never trap.)
            let start = mean.rounded(.up) >= Double(n) ? n : Int(mean.rounded(.up))
            let ix = searchAscending(start, n, -threshold) { -dist.pmf($0) }
            let y = n - ix + (threshold == dist.pmf(ix) ? 1 : 0)
            pValue = dist.cdf(k) + dist.sf(n - y)
        } else {
            let ix = searchAscending(0, Int(mean.rounded(.down)), threshold) { dist.pmf($0) }
            let y = ix + 1
            pValue = dist.cdf(y - 1) + dist.sf(k - 1)
        }
        return min(1, pValue)
    }

    /// scipy's `_binary_search_for_binom_tst`: with g ascending on low…high, the i
    /// with g(i) ≤ target < g(i + 1) (low − 1 when even g(low) exceeds the target).
    private static func searchAscending(_ low: Int, _ high: Int, _ target: Double, _ g: (Int) -> Double) -> Int {
        var lo = low
        var hi = high
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let v = g(mid)
            if v < target {
                lo = mid + 1
            } else if v > target {
                hi = mid - 1
            } else {
                return mid
            }
        }
        return g(lo) <= target ? lo : lo - 1
    }
}
