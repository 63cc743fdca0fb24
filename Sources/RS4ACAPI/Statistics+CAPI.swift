import RS4A

// Statistics section of include/rs4a.h.

@_cdecl("rs4a_clopper_pearson_lower")
public func rs4a_clopper_pearson_lower(_ k: Int64, _ n: Int64, _ alpha: Double, _ lower: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_clopper_pearson_lower") {
        let lower = try required(lower, "lower")
        guard n >= 1, k >= 0, k <= n else {
            throw CAPIError(.invalidArgument, "need n ≥ 1 and 0 ≤ k ≤ n, got k = \(k), n = \(n)")
        }
        lower.pointee = try BinomialStatistics.clopperPearsonLower(successes: Int(k), trials: Int(n), alpha: alpha)
    }
}
