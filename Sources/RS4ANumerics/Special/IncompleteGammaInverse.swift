#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// The x ≥ 0 with P(a, x) = p, for a > 0 and p in [0, 1] (0 at p = 0, +∞ at p = 1).
    /// `.nan` for a ≤ 0, p outside [0, 1], or NaN.
    public static func gammaPInv(_ a: Double, _ p: Double) -> Double {
        guard a > 0, a.isFinite, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        return invertIncompleteGamma(a, p: p, q: 1 - p, targetIsP: p <= 0.5)
    }

    /// The x ≥ 0 with Q(a, x) = q, accurate for tiny q (upper tail).
    /// `.nan` for a ≤ 0, q outside [0, 1], or NaN.
    public static func gammaQInv(_ a: Double, _ q: Double) -> Double {
        guard a > 0, a.isFinite, q >= 0, q <= 1 else { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        return invertIncompleteGamma(a, p: 1 - q, q: q, targetIsP: q > 0.5)
    }
}

/// Solves P(a, x) = p (when `targetIsP`; p ≤ ½ is the accurate one) or
/// Q(a, x) = q, by safeguarded Halley/Newton in x from a Wilson–Hilferty or tail start.
/// Targets below 0.05 are matched on the log scale (ln P = ln p), where Newton's
/// method converges in a few steps even from a start many decades off in probability.
func invertIncompleteGamma(_ a: Double, p: Double, q: Double, targetIsP: Bool) -> Double {
    let t0 = gammaInverseStart(a, p: p, q: q, targetIsP: targetIsP)
    let target = targetIsP ? p : q
    let useLog = target < 0.05
    let logTarget = log(target)
    if t0 < -740 && targetIsP {
        // The root is below the smallest double: check the guess really underflows.
        if incompleteGamma(a, Double.leastNonzeroMagnitude).p >= p { return 0 }
    }
    return MonotoneSolver.solve(initial: exp(max(t0, -740)), lower: 0, upper: .infinity) { x in
        let (pv, qv) = incompleteGamma(a, x)
        let value = targetIsP ? pv : qv
        // x·density = x^a e^{−x}/Γ(a); r is increasing in x in every mode.
        let density = gammaPrefix(a, x) / x
        if useLog {
            if value == 0 { return (targetIsP ? -Double.greatestFiniteMagnitude : Double.greatestFiniteMagnitude, .nan, 0) }
            let r = targetIsP ? log(value) - logTarget : logTarget - log(value)
            return (r, r / (density / value), 0)
        }
        let r = targetIsP ? pv - p : q - qv
        // d²P/dx² / dP/dx = (a − 1)/x − 1 (the same for q − Q).
        return (r, r / density, (a - 1) / x - 1)
    }
}

/// Starting value for the inverse, as t = ln x.
private func gammaInverseStart(_ a: Double, p: Double, q: Double, targetIsP: Bool) -> Double {
    if targetIsP && p < 1e-8 && a < 10 {
        // Lower tail: P ≈ x^a / Γ(a + 1).
        return (log(p) + lgammaValue(a + 1)) / a
    }
    if !targetIsP && q < 1e-8 && a < 10 {
        return upperTailStart(a, q)
    }
    if a >= 0.5 {
        // Wilson–Hilferty: (X/a)^{1/3} ≈ Normal(1 − 1/(9a), 1/(9a)).
        let z = targetIsP ? Special.normalQuantile(p) : -Special.normalQuantile(q)
        let c = 1 / (9 * a)
        let w = 1 - c + z * c.squareRoot()
        if w > 0.1 { return log(a) + 3 * log(w) }
    }
    if targetIsP {
        // Lower tail: P ≈ x^a / Γ(a + 1).
        return (log(p) + lgammaValue(a + 1)) / a
    }
    return upperTailStart(a, q)
}

/// Upper tail: Q ≈ x^{a−1} e^{−x} / Γ(a), iterated x = −ln q − lnΓ(a) + (a − 1) ln x.
private func upperTailStart(_ a: Double, _ q: Double) -> Double {
    let base = -log(q) - lgammaValue(a)
    var x = max(1.0, base)
    for _ in 0..<4 { x = max(1e-3, base + (a - 1) * log(x)) }
    return log(x)
}
