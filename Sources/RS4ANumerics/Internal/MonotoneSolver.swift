/// Safeguarded Halley/Newton iteration for r(x) = 0 on a positive domain, with r
/// increasing in x.
///
/// `evaluate(x)` returns the residual r(x), the Newton correction r/r′ and the
/// curvature ratio r″/r′ (0 for plain Newton). A bracket (lower, upper) with
/// 0 ≤ lower and upper ≤ +∞ is tightened with every evaluation; a step that leaves
/// the bracket (or does not halve every two steps) is replaced by bisection —
/// geometric when the bracket spans more than a factor 4 — or, towards an open
/// end (0 or +∞), by a step that multiplies or divides x by 2, 4, 16, 256, …
/// so the iteration always terminates and reaches any double in a few dozen steps.
struct MonotoneSolver {
    static func solve(
        initial: Double, lower: Double, upper: Double, maxIterations: Int = 400,
        _ evaluate: (Double) -> (residual: Double, newton: Double, curvature: Double)
    ) -> Double {
        var lo = lower
        var hi = upper
        var x = initial
        if !(x > lo && x < hi) { x = bisect(lo, hi, near: x, exponent: 1) }
        var exponent = 1.0
        var lastStep = Double.infinity
        var stepBeforeLast = Double.infinity
        for _ in 0..<maxIterations {
            let (r, newton, curvature) = evaluate(x)
            if r.isNaN { return .nan }
            if r == 0 { return x }
            if r < 0 { lo = x } else { hi = x }
            var step = Double.nan
            if newton.isFinite {
                step = newton
                let h = 0.5 * newton * curvature
                if curvature.isFinite && abs(h) < 0.5 { step = newton / (1 - h) }
                // Converged: the correction is below the resolution of x.
                if abs(step) <= 2 * Double.ulpOfOne * abs(x) { return x - step }
            }
            var next = x - step
            // Bisect when the step leaves the bracket or does not halve every two steps (rtsafe's rule).
            if !(next > lo && next < hi) || abs(step) > 0.5 * stepBeforeLast {
                next = bisect(lo, hi, near: x, exponent: exponent)
                if lo == 0 || hi == .infinity { exponent *= 2 }
            }
            if hi.isFinite && hi - lo <= 4 * Double.ulpOfOne * hi { return 0.5 * (lo + hi) }
            stepBeforeLast = lastStep
            lastStep = abs(next - x)
            x = next
        }
        return x
    }

    /// A point strictly inside (lo, hi): the midpoint (geometric for wide brackets),
    /// or x scaled by 2^exponent towards an open end.
    private static func bisect(_ lo: Double, _ hi: Double, near x: Double, exponent: Double) -> Double {
        if lo > 0 && hi.isFinite {
            return hi > 4 * lo ? (lo * hi).squareRoot() : 0.5 * (lo + hi)
        }
        if hi.isFinite {
            // lo = 0: move down from the smaller of x and hi.
            let base = min(x > 0 ? x : hi, hi)
            var candidate = base * exp2Clamped(-exponent)
            if candidate <= 0 { candidate = Double.leastNonzeroMagnitude }
            return candidate < hi ? candidate : 0.5 * hi
        }
        // hi = ∞: move up from the larger of x and lo.
        let base = max(x, lo, Double.leastNormalMagnitude)
        let candidate = base * exp2Clamped(exponent)
        return candidate.isFinite ? candidate : Double.greatestFiniteMagnitude
    }

    private static func exp2Clamped(_ e: Double) -> Double {
        let c = min(max(e, -1074), 1023)
        return Double(sign: .plus, exponent: Int(c), significand: 1)
    }
}
