#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
    /// `.nan` for a ≤ 0, b ≤ 0, x outside [0, 1], or NaN.
    public static func betaI(_ a: Double, _ b: Double, _ x: Double) -> Double {
        guard validBetaArguments(a, b), x >= 0, x <= 1 else { return .nan }
        return incompleteBeta(a, b, x, 1 - x).i
    }

    /// 1 − I_x(a, b), computed directly so it keeps relative accuracy in the upper tail.
    /// `.nan` for a ≤ 0, b ≤ 0, x outside [0, 1], or NaN.
    public static func betaIComplement(_ a: Double, _ b: Double, _ x: Double) -> Double {
        guard validBetaArguments(a, b), x >= 0, x <= 1 else { return .nan }
        return incompleteBeta(a, b, x, 1 - x).ic
    }
}

@inline(__always) func validBetaArguments(_ a: Double, _ b: Double) -> Bool {
    a > 0 && b > 0 && a.isFinite && b.isFinite
}

/// (I_x(a, b), 1 − I_x(a, b)) with y = 1 − x supplied by the caller; the smaller
/// of x and y must be accurate (it is the one the computation relies on).
func incompleteBeta(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> (i: Double, ic: Double) {
    if x <= 0 { return (0, 1) }
    if y <= 0 { return (1, 0) }
    // Very unequal parameters: a sum of incomplete gamma ratios (see IncompleteBetaSkewed).
    if let r = incompleteBetaSkewed(a, b, x, y) { return r }
    if let r = incompleteBetaSkewed(b, a, y, x) { return (r.ic, r.i) }
    if a == b, let r = incompleteBetaSymmetric(a, x, y) { return r }
    // The continued fraction converges fast on the side of the mean that holds x;
    // on the other side use I_x(a, b) = 1 − I_y(b, a).
    if x * (a + b + 2) > a + 1 {
        let r = betaContinuedFraction(b, a, y, x)
        return (1 - r, r)
    }
    let r = betaContinuedFraction(a, b, x, y)
    return (r, 1 - r)
}

/// x^a y^b / B(a, b), accurate for parameters up to ~10⁷.
///
/// Written with Stirling's series as √(ab/(2πc)) · exp(E + S(c) − S(a) − S(b)),
/// c = a + b, E = a ln(xc/a) + b ln(yc/b). Near the mean both logs are close to 0 and
/// E = a·log1pmx(D/a) + b·log1pmx(−D/b) with D = xc − a computed from the
/// accurate one of x and y, so no term of size a·ln x ever cancels.
func betaPrefix(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let c = a + b
    // D = x·c − a = x·b − y·a, from whichever of x, y is the accurate input.
    let d = x <= y ? fma(x, b, fma(x, a, -a)) : -fma(y, a, fma(y, b, -b))
    let du = d / a       // xc/a − 1
    let dv = -d / b      // yc/b − 1
    let e: Double
    if abs(du) <= 0.5 && abs(dv) <= 0.5 {
        e = a * log1pmx(du) + b * log1pmx(dv)
    } else {
        let lu = abs(du) <= 0.5 ? log1p(du) : log(x * c / a)
        let lv = abs(dv) <= 0.5 ? log1p(dv) : log(y * c / b)
        e = a * lu + b * lv
    }
    let corr = stirlingError(c) - stirlingError(a) - stirlingError(b)
    return (a / (2 * Double.pi) * (b / c)).squareRoot() * exp(e + corr)
}

/// I_x(a, b) by the classical continued fraction (modified Lentz), for
/// x ≤ (a + 1)/(a + b + 2); converges in O(√max(a, b)) steps at worst.
private func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let prefix = betaPrefix(a, b, x, y)
    if prefix == 0 { return 0 }
    let tiny = 1e-300
    let qab = a + b
    let qap = a + 1
    let qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m = 1.0
    while m < 1_000_000 {
        let m2 = 2 * m
        var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        // (also stops on NaN, e.g. from parameters near the overflow threshold)
        if !(abs(delta - 1) > 1e-16) { break }
        m += 1
    }
    return min(1, prefix * h / a)
}
