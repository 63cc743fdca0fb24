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

/// Φ⁻¹(p) for 0 < p ≤ ½: a classical starting value refined by Halley's method
/// on Φ itself, whose cubic convergence reaches full precision in 2–3 steps.
func normalLowerQuantile(_ p: Double) -> Double {
    var x: Double
    if p > 0.2 {
        // Taylor series of Φ⁻¹ about ½ (error < 1e-3 for p in (0.2, 0.5]).
        let s = (p - 0.5) * 2.5066282746310002
        let s2 = s * s
        x = s * (1 + s2 * (1.0 / 6 + s2 * (7.0 / 120 + s2 * 127.0 / 5040)))
    } else {
        // Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4).
        let t = (-2 * log(p)).squareRoot()
        let num = 2.515517 + t * (0.802853 + t * 0.010328)
        let den = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        x = -(t - num / den)
    }
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
    for _ in 0..<12 {
        let f = normalLowerTail(x) - p
        let density = invSqrt2Pi * exp(-0.5 * x * x)
        if density == 0 || !density.isFinite { break }
        let u = f / density
        // Halley: Φ'' / Φ' = −x.
        let step = u / (1 + 0.5 * x * u)
        x -= step
        if abs(step) <= 1e-15 * abs(x) + 1e-300 { break }
    }
    return x
}
