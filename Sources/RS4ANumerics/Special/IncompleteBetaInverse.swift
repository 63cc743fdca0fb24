#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// The x in [0, 1] with I_x(a, b) = p. `.nan` for a ≤ 0, b ≤ 0, p outside [0, 1], or NaN.
    public static func betaIInv(_ a: Double, _ b: Double, _ p: Double) -> Double {
        guard validBetaArguments(a, b), p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        return invertIncompleteBeta(a, b, p: p, q: 1 - p).x
    }

    /// The x in [0, 1] with 1 − I_x(a, b) = q, accurate for tiny q.
    /// `.nan` for a ≤ 0, b ≤ 0, q outside [0, 1], or NaN.
    public static func betaIComplementInv(_ a: Double, _ b: Double, _ q: Double) -> Double {
        guard validBetaArguments(a, b), q >= 0, q <= 1 else { return .nan }
        if q == 0 { return 1 }
        if q == 1 { return 0 }
        return invertIncompleteBeta(a, b, p: 1 - q, q: q).x
    }
}

/// Solves I_x(a, b) = p, 1 − I_x = q (the smaller of p, q is the accurate one)
/// and returns both x and y = 1 − x, each with full relative accuracy: the root is
/// found as whichever of x, y is ≤ ½, using I_x(a, b) = 1 − I_{1−x}(b, a).
func invertIncompleteBeta(_ a: Double, _ b: Double, p: Double, q: Double) -> (x: Double, y: Double) {
    let half = incompleteBeta(a, b, 0.5, 0.5)
    let rootBelowHalf = p <= q ? p <= half.i : q >= half.ic
    if rootBelowHalf {
        let x = solveBetaLowerHalf(a, b, p: p, q: q)
        return (x, 1 - x)
    }
    let y = solveBetaLowerHalf(b, a, p: q, q: p)
    return (1 - y, y)
}

/// Root x ≤ ½ of I_x(a, b) = p by safeguarded Halley/Newton in x.
private func solveBetaLowerHalf(_ a: Double, _ b: Double, p: Double, q: Double) -> Double {
    let targetIsP = p <= q
    let lnHalf = -0.6931471805599453
    let lnB = Special.logBeta(a, b)
    var t0 = betaInverseStart(a, b, p: p, q: q, lnB: lnB)
    if targetIsP && b >= 1 {
        // x^a/(a B) ≥ I_x(a, b) when b ≥ 1, so this is a lower bound for the root.
        t0 = max(t0, (log(p) + log(a) + lnB) / a)
    }
    t0 = min(t0, lnHalf)
    if t0 < -740 && targetIsP {
        if incompleteBeta(a, b, Double.leastNonzeroMagnitude, 1).i >= p { return 0 }
    }
    // Targets below 0.05 are matched on the log scale (see invertIncompleteGamma).
    let target = targetIsP ? p : q
    let useLog = target < 0.05
    let logTarget = log(target)
    return MonotoneSolver.solve(initial: exp(max(t0, -740)), lower: 0, upper: 0.5000001) { x in
        let y = 1 - x
        let (iv, icv) = incompleteBeta(a, b, x, y)
        let value = targetIsP ? iv : icv
        let density = betaPrefix(a, b, x, y) / (x * y)
        if useLog {
            if value == 0 { return (targetIsP ? -Double.greatestFiniteMagnitude : Double.greatestFiniteMagnitude, .nan, 0) }
            let r = targetIsP ? log(value) - logTarget : logTarget - log(value)
            return (r, r / (density / value), 0)
        }
        let r = targetIsP ? iv - p : q - icv
        // d²I/dx² / dI/dx = (a − 1)/x − (b − 1)/y.
        return (r, r / density, (a - 1) / x - (b - 1) / y)
    }
}

/// Starting value (t = ln x): Abramowitz & Stegun 26.5.22 for a, b ≥ 1, else the
/// small-x form I_x ≈ x^a / (a B(a, b)).
private func betaInverseStart(_ a: Double, _ b: Double, p: Double, q: Double, lnB: Double) -> Double {
    if a >= 1 && b >= 1 {
        // z is the upper normal quantile of p: Φ(−z) = p.
        let z = p <= q ? -Special.normalQuantile(p) : Special.normalQuantile(q)
        let lambda = (z * z - 3) / 6
        let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
        let w = z * (h + lambda).squareRoot() / h
            - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h))
        // x = a / (a + b e^{2w}), in logs.
        let lnRatio = log(b / a) + 2 * w
        let lnx = lnRatio > 0 ? -lnRatio - log1p(exp(-lnRatio)) : -log1p(exp(lnRatio))
        if lnx.isFinite { return lnx }
    }
    return (log(p) + log(a) + lnB) / a
}
