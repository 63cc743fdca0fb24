#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// ln|Γ(x)|. `.nan` for NaN, +∞ at the poles (0, −1, −2, …).
    public static func logGamma(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return lgammaValue(x)
    }

    /// ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b) for a, b > 0; `.nan` otherwise.
    ///
    /// Uses Stirling's form for large arguments so that ln B(10⁶, 10⁶) keeps its
    /// absolute accuracy instead of losing it to the cancellation of three huge logs.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite else { return .nan }
        let (small, large) = a < b ? (a, b) : (b, a)
        if small >= 10 {
            // Stirling: ln B = (a−½)ln(a/c) + (b−½)ln(b/c) − ½ln c + ½ln(2π) + S(a) + S(b) − S(c).
            let c = a + b
            let corr = stirlingError(a) + stirlingError(b) - stirlingError(c)
            let t = -(small - 0.5) * log(c / small) - (large - 0.5) * log1p(small / large) - 0.5 * log(c)
            return 0.5 * log(2 * Double.pi) + t + corr
        }
        if large >= 10 {
            // lnΓ(small) − [lnΓ(large + small) − lnΓ(large)]
            return lgammaValue(small) - logGammaRatio(large, small)
        }
        return lgammaValue(a) + lgammaValue(b) - lgammaValue(a + b)
    }

    /// ln(Γ(x + a) / Γ(x)) for x > 0 and x + a > 0; `.nan` otherwise.
    ///
    /// Stable for large x (e.g. x ~ 10⁵, a = 2/k): computed from Stirling's series
    /// with `log1p`, so it keeps relative accuracy where `logGamma(x + a) − logGamma(x)`
    /// would lose about log10(x·ln x) digits to cancellation.
    public static func logGammaRatio(_ x: Double, _ a: Double) -> Double {
        let y = x + a
        guard x > 0, y > 0, x.isFinite, y.isFinite else { return .nan }
        if a == 0 { return 0 }
        if x >= 10 && y >= 10 {
            // (y−½)ln y − (x−½)ln x − a + S(y) − S(x), with (y−½)ln y − (x−½)ln x = (x−½)log1p(a/x) + a ln y
            return (x - 0.5) * log1p(a / x) + a * log(y) - a + (stirlingError(y) - stirlingError(x))
        }
        return lgammaValue(y) - lgammaValue(x)
    }
}

/// lnΓ from the C library (reentrant form: no shared `signgam`).
@inline(__always) func lgammaValue(_ x: Double) -> Double {
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
}

/// Stirling's error S(x) = lnΓ(x) − [(x − ½)ln x − x + ½ln(2π)] for x > 0,
/// accurate in absolute terms (≈1e-16) for every x > 0 and relatively for x ≥ 10.
func stirlingError(_ x: Double) -> Double {
    if x >= 10 {
        // Asymptotic series Σ B_{2k} / (2k(2k−1) x^{2k−1}); 9 terms reach 1e-19 at x = 10.
        let r = 1 / x
        let r2 = r * r
        var s = 43867.0 / 244188.0
        s = s * r2 - 3617.0 / 122400.0
        s = s * r2 + 1.0 / 156.0
        s = s * r2 - 691.0 / 360360.0
        s = s * r2 + 1.0 / 1188.0
        s = s * r2 - 1.0 / 1680.0
        s = s * r2 + 1.0 / 1260.0
        s = s * r2 - 1.0 / 360.0
        s = s * r2 + 1.0 / 12.0
        return s * r
    }
    guard x > 0 else { return .nan }
    // Upward recursion S(x) = S(x + 1) + (x + ½)·log1p(1/x) − 1: each step loses ≤ 1 ulp.
    var y = x
    var acc = 0.0
    while y < 10 {
        acc += (y + 0.5) * log1p(1 / y) - 1
        y += 1
    }
    return acc + stirlingError(y)
}

/// log(1 + x) − x for x > −1, accurate for small |x| (≈ −x²/2).
func log1pmx(_ x: Double) -> Double {
    if abs(x) > 0.5 { return log1p(x) - x }
    // log1p(x) = 2 atanh(r), r = x/(2 + x); 2r − x = −r·x.
    let r = x / (2 + x)
    let r2 = r * r
    var term = r * r2
    var sum = 0.0
    var k = 3.0
    while k < 80 {
        let t = term / k
        sum += t
        if abs(t) <= 1e-17 * abs(sum) { break }
        term *= r2
        k += 2
    }
    return -r * x + 2 * sum
}
