/// Root finding on a bracket.
public enum RootFinding {
    /// Brent's method: inverse quadratic / secant steps safeguarded by bisection.
    ///
    /// Returns x in [lower, upper] (either order) with f(x) = 0 or a bracket of width
    /// ≤ 2·(2ε|x| + xTolerance/2) around a sign change.
    ///
    /// - Throws: `NumericsError.invalidArgument` if a limit is not finite, xTolerance < 0,
    ///   maxIterations < 1, f returns NaN, or f(lower) and f(upper) have the same sign;
    ///   `NumericsError.noConvergence` after `maxIterations` steps.
    public static func brent(
        lower: Double, upper: Double, xTolerance: Double = 1e-15,
        maxIterations: Int = 300, _ f: (Double) -> Double
    ) throws -> Double {
        guard lower.isFinite, upper.isFinite else {
            throw NumericsError.invalidArgument("lower and upper must be finite (got \(lower), \(upper))")
        }
        guard xTolerance >= 0 else {
            throw NumericsError.invalidArgument("xTolerance must be ≥ 0 (got \(xTolerance))")
        }
        guard maxIterations >= 1 else {
            throw NumericsError.invalidArgument("maxIterations must be ≥ 1 (got \(maxIterations))")
        }
        var a = lower
        var b = upper
        var fa = f(a)
        var fb = f(b)
        guard !fa.isNaN, !fb.isNaN else {
            throw NumericsError.invalidArgument("f returned NaN at a bracket end (f(\(a)) = \(fa), f(\(b)) = \(fb))")
        }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else {
            throw NumericsError.invalidArgument(
                "f(lower) and f(upper) must differ in sign (f(\(a)) = \(fa), f(\(b)) = \(fb))")
        }
        // b: best estimate; a: previous b; c: the point bracketing the root with b.
        var c = a
        var fc = fa
        var d = b - a
        var e = d
        for _ in 0..<maxIterations {
            if (fb > 0) == (fc > 0) {
                c = a
                fc = fa
                d = b - a
                e = d
            }
            if abs(fc) < abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * xTolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                // Interpolate: secant if only two distinct points, else inverse quadratic.
                let s = fb / fa
                var p: Double
                var q: Double
                if a == c {
                    p = 2 * m * s
                    q = 1 - s
                } else {
                    let qa = fa / fc
                    let r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d
                    d = p / q
                } else {
                    d = m
                    e = m
                }
            } else {
                d = m
                e = m
            }
            a = b
            fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            if fb.isNaN {
                throw NumericsError.invalidArgument("f returned NaN at x = \(b)")
            }
        }
        throw NumericsError.noConvergence("Brent's method did not converge in \(maxIterations) iterations (best x = \(b))")
    }
}
