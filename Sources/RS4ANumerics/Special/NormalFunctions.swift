#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// Standard normal CDF Φ(x), relatively accurate in the lower tail down to the
    /// smallest normal double (x ≈ −37.5). `.nan` for NaN.
    public static func normalCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return normalLowerTail(x)
    }

    /// Standard normal survival function 1 − Φ(x) = Φ(−x), accurate in the upper tail.
    public static func normalSF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return normalLowerTail(-x)
    }

    /// ln Φ(x), finite for every finite x (asymptotic series below −30). `.nan` for NaN.
    public static func normalLogCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == -.infinity { return -.infinity }
        if x < -30 {
            // ln Φ(x) = −x²/2 − ln(−x) − ½ln(2π) + ln(1 + Σ_k (−1)^k (2k−1)!! / x^{2k}).
            let r = 1 / (x * x)
            var term = 1.0
            var sum = 0.0
            var k = 1.0
            while k < 30 {
                term *= -(2 * k - 1) * r
                sum += term
                if abs(term) < 1e-17 { break }
                k += 1
            }
            return -0.5 * x * x - log(-x) - halfLog2Pi + log1p(sum)
        }
        if x < 0 { return log(normalLowerTail(x)) }
        return log1p(-normalLowerTail(-x))
    }

    /// Inverse of Φ: the x with Φ(x) = p, for p in [0, 1] (±∞ at the ends), accurate
    /// to a few ulps for p down to 1e-300 (x ≈ −37). `.nan` outside [0, 1] or NaN.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        // 1 − p is exact for p ≥ ½ (Sterbenz), so the upper half loses nothing.
        if p > 0.5 { return -normalLowerQuantile(1 - p) }
        return normalLowerQuantile(p)
    }

    /// Φ⁻¹(½ + q) for q in [−½, ½], from the offset q itself: near the median, where ½ + q
    /// would round away the low digits of a tiny q, it keeps full relative accuracy (a few ulps
    /// everywhere). `.nan` outside [−½, ½] or NaN.
    public static func normalQuantile(halfPlus q: Double) -> Double {
        guard q >= -0.5, q <= 0.5 else { return .nan }
        if abs(q) <= 0.425 { return wichuraCentralQuantile(q) }
        // ½ − |q| is exact for |q| ≥ ¼ (Sterbenz); Φ⁻¹(½ + q) = −Φ⁻¹(½ − q).
        if abs(q) == 0.5 { return q > 0 ? .infinity : -.infinity }
        return q > 0 ? -normalLowerQuantile(0.5 - q) : normalLowerQuantile(0.5 + q)
    }

    /// The x with 1 − Φ(x) = q, accurate for tiny q. `.nan` outside [0, 1] or NaN.
    public static func normalSFInverse(_ q: Double) -> Double {
        let x = normalQuantile(q)
        return x.isNaN ? .nan : -x
    }
}

let halfLog2Pi = 0.9189385332046728
let invSqrt2Pi = 0.3989422804014327
private let sqrt2Hi = 1.4142135623730951
private let sqrt2Lo = -9.667293313452913e-17
private let twoOverSqrtPi = 1.1283791670955126

/// Φ(x) = ½ erfc(−x/√2). For x < −1 the rounding of −x/√2 would cost ~x²·ε
/// relative accuracy (1e-13 at x = −37), so it is corrected to first order with
/// the exact residual of the division and the logarithmic derivative of erfc.
func normalLowerTail(_ x: Double) -> Double {
    if x >= -1 { return 0.5 * erfc(-x / sqrt2Hi) }
    let z = -x / sqrt2Hi
    let base = erfc(z)
    if base == 0 { return 0 }
    // r = z − (−x/√2) exactly to first order: (z·√2 + x)/√2 with √2 = hi + lo.
    let r = (fma(z, sqrt2Hi, x) + z * sqrt2Lo) / sqrt2Hi
    // erfc(z − r) ≈ erfc(z)·(1 + r·g), g = (2/√π) e^{−z²} / erfc(z).
    let g = twoOverSqrtPi * exp(-z * z) / base
    return 0.5 * base * (1 + r * g)
}

/// Φ⁻¹(p) for 0 < p ≤ ½. Wichura's AS241 (PPND16) rational approximations, relative
/// accuracy about 1e-16 in one evaluation, for p ≥ 1e-290; below, where Φ keeps few
/// significant bits, Newton on ln Φ(x) = ln p from the AS241 value.
func normalLowerQuantile(_ p: Double) -> Double {
    var x = wichuraLowerQuantile(p)
    if p < 1e-290 {
        // Near and below the subnormal range Φ(x) keeps few significant bits, so match
        // ln Φ(x) = ln p instead (Newton; (ln Φ)′ = φ/Φ, from logs).
        let target = log(p)
        for _ in 0..<30 {
            let lc = Special.normalLogCDF(x)
            let slope = exp(-0.5 * x * x - halfLog2Pi - lc)
            let step = (lc - target) / slope
            x -= step
            if !(abs(step) > 1e-15 * abs(x)) { break }
        }
        return x
    }
    return x
}

/// AS241 (Wichura 1988, Applied Statistics 37, 477–484) for 0 < p ≤ ½; the tail
/// branches take r = √(−ln p), so they stay accurate far below the doubles' normal range.
@inline(__always)
private func wichuraLowerQuantile(_ p: Double) -> Double {
    let q = p - 0.5
    if abs(q) <= 0.425 { return wichuraCentralQuantile(q) }
    var r = (-log(p)).squareRoot()
    let num: Double, den: Double
    if r <= 5 {
        r -= 1.6
        num = ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r
            + 1.27045825245236838258e0) * r + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
            + 4.63033784615654529590e0) * r + 1.42343711074968357734e0
        den = ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r
            + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
            + 2.05319162663775882187e0) * r + 1
    } else {
        r -= 5
        num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
            + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
            + 5.46378491116411436990e0) * r + 6.65790464350110377720e0
        den = ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
            + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
            + 5.99832206555887937690e-1) * r + 1
    }
    return -num / den
}

/// AS241's central branch: Φ⁻¹(½ + q) for |q| ≤ 0.425.
@inline(__always)
private func wichuraCentralQuantile(_ q: Double) -> Double {
    let r = 0.180625 - q * q
    let num = ((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r
        + 4.5921953931549871457e4) * r + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
        + 1.3314166789178437745e2) * r + 3.3871328727963666080e0
    let den = ((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r
        + 2.1213794301586595867e4) * r + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
        + 4.2313330701600911252e1) * r + 1
    return q * num / den
}
