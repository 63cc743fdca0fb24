/// Safeguarded Halley iteration for r(t) = 0 with r increasing in t.
///
/// `evaluate(t)` returns the residual r(t), the Newton correction r/r′ and the
/// curvature ratio r″/r′ (0 to fall back to Newton). A bracket [lower, upper]
/// (either side may be infinite) is tightened with every evaluation; a step
/// that leaves the bracket is replaced by bisection, or by a doubling step
/// towards an infinite side, so the iteration always terminates.
struct MonotoneSolver {
    static func solve(
        initial: Double, lower: Double, upper: Double,
        tolerance: Double = 4e-16, maxIterations: Int = 300,
        _ evaluate: (Double) -> (residual: Double, newton: Double, curvature: Double)
    ) -> Double {
        var lo = lower
        var hi = upper
        var t = initial
        if !(t > lo && t < hi) {
            t = (lo.isFinite && hi.isFinite) ? 0.5 * (lo + hi) : (lo.isFinite ? lo + 1 : (hi.isFinite ? hi - 1 : 0))
        }
        var expansion = 1.0
        var previousWidth = Double.infinity
        for _ in 0..<maxIterations {
            let (r, newton, curvature) = evaluate(t)
            if r.isNaN { return .nan }
            if r == 0 { return t }
            if r < 0 { lo = t } else { hi = t }
            var next = Double.nan
            if newton.isFinite {
                var step = newton
                let h = 0.5 * newton * curvature
                if curvature.isFinite && abs(h) < 0.5 { step = newton / (1 - h) }
                next = t - step
            }
            let width = hi - lo
            // Bisect when the step leaves the bracket or the bracket stopped shrinking fast.
            if !(next > lo && next < hi) || (width.isFinite && width > 0.5 * previousWidth && abs(next - t) > 0.25 * width) {
                if lo.isFinite && hi.isFinite {
                    next = 0.5 * (lo + hi)
                } else if lo.isFinite {
                    next = t + expansion
                    expansion *= 2
                } else {
                    next = t - expansion
                    expansion *= 2
                }
            }
            if width.isFinite { previousWidth = width }
            if abs(next - t) <= tolerance * max(1, abs(t)) { return next }
            if width.isFinite && width <= tolerance * max(1, abs(lo), abs(hi)) { return 0.5 * (lo + hi) }
            t = next
        }
        return t
    }
}
