import RS4ANumerics

// Argument checks shared by the smoothing entry points: done once, before any draw.

enum SmoothingInputs {
    /// Number of inputs in `x` (rows of `dim` values), after checking the values are finite.
    static func inputCount(_ x: UnsafeBufferPointer<Float>, dim: Int) throws -> Int {
        let rows = try rowCount(x, dim: dim)
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw SmoothingError.invalidArgument("x must be finite; x[\(bad)] = \(x[bad])")
        }
        return rows
    }

    /// Number of inputs in `x` (rows of `dim` values), checking the shape only: for argument
    /// checks that precede a call which checks the values (one pass over x per call).
    static func rowCount(_ x: UnsafeBufferPointer<Float>, dim: Int) throws -> Int {
        guard dim >= 1 else { throw SmoothingError.shapeMismatch("the classifier takes \(dim) values per input; need ≥ 1") }
        guard x.count % dim == 0 else {
            throw SmoothingError.shapeMismatch("x has \(x.count) values, not a multiple of the input size \(dim)")
        }
        return x.count / dim
    }

    static func samples(_ n: Int, name: String) throws {
        guard n >= 1 else { throw SmoothingError.invalidArgument("\(name) must be ≥ 1, got \(n)") }
    }

    static func alpha(_ alpha: Double) throws {
        guard alpha > 0, alpha < 1 else {
            throw SmoothingError.invalidArgument("alpha must be in (0, 1), got \(alpha)")
        }
    }

    /// `a × b`, or an error naming the quantity when it overflows.
    static func product(_ a: Int, _ b: Int, _ what: String) throws -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw SmoothingError.invalidArgument("\(what) = \(a) × \(b) overflows") }
        return p
    }

    /// The lower Clopper–Pearson bound for `k` of `n` with the chosen variant.
    static func lowerBound(_ k: Int, _ n: Int, alpha: Double, bound: ConfidenceBound) throws -> Double {
        switch bound {
        case .oneSided: return try BinomialStatistics.clopperPearsonLower(successes: k, trials: n, alpha: alpha)
        case .twoSided: return try BinomialStatistics.clopperPearsonTwoSided(successes: k, trials: n, alpha: alpha).lower
        }
    }
}

/// Runs a buffer-based entry point on `x` and gathers the result it reports for each input, in
/// order: the `[Float]` forms of the smoothing functions are this around their buffer twins.
func collectPerInput<Result>(
    _ x: [Float], _ run: (UnsafeBufferPointer<Float>, (_ input: Int, _ result: Result) throws -> Void) throws -> Void
) throws -> [Result] {
    try x.withUnsafeBufferPointer { xs in
        var results: [Result] = []
        try run(xs) { _, result in results.append(result) }
        return results
    }
}
