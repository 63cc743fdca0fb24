#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) for a > 0, x ≥ 0
    /// (x = +∞ allowed). `.nan` for a ≤ 0, x < 0, or NaN.
    public static func gammaP(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x).p
    }

    /// Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly
    /// (not as 1 − P) so it stays relatively accurate deep in the upper tail.
    /// `.nan` for a ≤ 0, x < 0, or NaN.
    public static func gammaQ(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x).q
    }
}

/// (P(a, x), Q(a, x)), each with full relative accuracy (the smaller one is
/// never obtained by subtraction from 1).
func incompleteGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
    guard a > 0, a.isFinite, x >= 0 else { return (.nan, .nan) }
    if x == 0 { return (0, 1) }
    if x == .infinity { return (1, 0) }
    if let pq = temmeIncompleteGamma(a, x) { return pq }
    if a < 1 && x < 1.5 {
        return gautschiSmallShape(a, x)
    }
    if x < a + 1 {
        let p = gammaSeriesP(a, x)
        return (p, 1 - p)
    }
    let q = gammaContinuedFractionQ(a, x)
    return (1 - q, q)
}

/// x^a e^{−x} / Γ(a), the common factor of P and Q (also x times the density),
/// computed from Stirling's form so that a ~ 10⁶ loses nothing to cancellation.
func gammaPrefix(_ a: Double, _ x: Double) -> Double {
    exp(gammaLogPrefix(a, x))
}

/// ln(x^a e^{−x} / Γ(a)) = ½ln(a/2π) + a·ln(x/a) + a − x − S(a), with the middle
/// terms as a·log1pmx((x − a)/a) near x = a.
func gammaLogPrefix(_ a: Double, _ x: Double) -> Double {
    let d = (x - a) / a
    let e: Double
    if abs(d) <= 0.5 {
        e = a * log1pmx(d)                 // a ln(x/a) + a − x
    } else {
        e = a * log(x / a) + (a - x)
    }
    return 0.5 * log(a / (2 * Double.pi)) + e - stirlingError(a)
}

/// P by its power series Σ xⁿ / (a(a+1)…(a+n)); used for x < a + 1, where the
/// terms decrease (for a ≥ 20 only below x = 0.65a, so at most ~100 terms).
private func gammaSeriesP(_ a: Double, _ x: Double) -> Double {
    let prefix = gammaPrefix(a, x)
    if prefix == 0 { return 0 }
    var term = 1 / a
    var sum = term
    var n = 1.0
    while n < 1_000_000 {
        term *= x / (a + n)
        sum += term
        if !(term > sum * 1e-17) { break }   // also stops on NaN
        n += 1
    }
    return min(1, prefix * sum)
}

/// Q by Legendre's continued fraction (modified Lentz), for x ≥ a + 1 (for a ≥ 20
/// only above x = 1.35a, where it converges in tens of steps).
private func gammaContinuedFractionQ(_ a: Double, _ x: Double) -> Double {
    let prefix = gammaPrefix(a, x)
    if prefix == 0 { return 0 }
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    var i = 1.0
    while i < 1_000_000 {
        let an = -i * (i - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if !(abs(delta - 1) > 1e-16) { break }   // also stops on NaN
        i += 1
    }
    return min(1, prefix * h)
}

/// Small shape (a < 1) and small x (< 1.5): both tails from
/// P = u(1 + a·S), Q = −expm1(ln u) − u·a·S with u = x^a / Γ(a + 1) and
/// S = Σ_{n≥1} (−x)ⁿ / (n!(a + n)), so Q keeps its relative accuracy when P ≈ 1.
private func gautschiSmallShape(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
    let lnU = a * log(x) - lgammaValue(1 + a)
    let u = exp(lnU)
    var s = 0.0
    var power = 1.0
    var n = 1.0
    while n < 200 {
        power *= -x / n
        let t = power / (a + n)
        s += t
        if abs(t) <= 1e-17 * abs(s) { break }
        n += 1
    }
    let p = u * (1 + a * s)
    let q = -expm1(lnU) - u * a * s
    return (p, q)
}
