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
    exp(betaLogPrefix(a, b, x, y))
}

/// ln(x^a y^b / B(a, b)), by the same Stirling form (see `betaPrefix`).
func betaLogPrefix(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
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
    return 0.5 * log(a / (2 * Double.pi) * (b / c)) + e + corr
}

/// I_x(a, b) by the classical continued fraction
///     I_x = x^a y^b / (a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))),
///     d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)),  d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)),
/// for x ≤ (a + 1)/(a + b + 2) (O(√max(a, b)) terms at worst).
///
/// A forward (modified Lentz) pass only finds the depth: near the mean of large
/// parameters its denominators pass close to zero, which costs up to ~1e-12 and can
/// make it stop early. The value is then summed backwards from twice that depth,
/// where such near-poles are harmless (errors ~3e-13 at a + b ~ 3e5).
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
    var m = 1.0
    while m < 1_000_000 {
        let m2 = 2 * m
        var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        // (also stops on NaN, e.g. from parameters near the overflow threshold)
        if !(abs(delta - 1) > 1e-16) { break }
        m += 1
    }
    // Backward summation of the truncated fraction from depth 2m + 20.
    let depth = 2 * m + 20
    var t = 1.0
    var k = depth
    while k >= 1 {
        let odd = -(a + k) * (qab + k) * x / ((a + 2 * k) * (qap + 2 * k))   // d_{2k+1}
        t = 1 + odd / t
        let even = k * (b - k) * x / ((qam + 2 * k) * (a + 2 * k))           // d_{2k}
        t = 1 + even / t
        k -= 1
    }
    t = 1 + (-qab * x / qap) / t                                               // d₁
    let h = 1 / t
    if !h.isFinite { return .nan }
    return min(1, max(0, prefix * h / a))
}
