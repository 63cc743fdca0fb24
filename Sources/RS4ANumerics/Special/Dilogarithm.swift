#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// The dilogarithm Li₂(x) = −∫₀ˣ ln(1 − t)/t dt for real x ≤ 1 (π²/6 at 1,
    /// −∞ at −∞). `.nan` for x > 1 (complex) or NaN.
    /// Note scipy's `spence(z)` is Li₂(1 − z).
    public static func dilog(_ x: Double) -> Double {
        if x.isNaN || x > 1 { return .nan }
        if x == 1 { return pi2Over6 }
        if x == -.infinity { return -.infinity }
        if x < -1 {
            // Li₂(x) = −π²/6 − ½ln²(−x) − Li₂(1/x)
            let l = log(-x)
            return -pi2Over6 - 0.5 * l * l - dilogCore(1 / x)
        }
        if x > 0.5 {
            // Li₂(x) = π²/6 − ln x · ln(1 − x) − Li₂(1 − x)
            return pi2Over6 - log(x) * log1p(-x) - dilogCore(1 - x)
        }
        return dilogCore(x)
    }

    /// Li₂(1 − e^−u) for real u ≥ 0 (π²/6 at +∞), the dilogarithm of an argument known
    /// through u = −ln(1 − x): for u ≤ ln 2 the Bernoulli series in u directly, saving the
    /// exp/log round trip. `.nan` for u < 0 or NaN.
    public static func dilogOneMinusExp(_ u: Double) -> Double {
        guard u >= 0 else { return .nan }
        if u <= ln2 { return dilogBernoulli(u) }
        return dilog(-expm1(-u))
    }
}

private let ln2 = 0.6931471805599453

private let pi2Over6 = 1.6449340668482264
// B₂ₖ / (2k + 1)! for k = 1…11 (exact rationals rounded to double).
private let dilogCoefficients: [Double] = [
    0.027777777777777776, -0.0002777777777777778, 4.72411186696901e-06,
    -9.185773074661964e-08, 1.8978869988971e-09, -4.0647616451442256e-11,
    8.921691020456452e-13, -1.9939295860721074e-14, 4.518980029619918e-16,
    -1.0356517612181247e-17, 2.395218621026187e-19,
]

/// Li₂(x) for −1 ≤ x ≤ ½ from the Bernoulli series in u = −ln(1 − x):
/// Li₂ = Σ Bₙ u^{n+1}/(n+1)!, |u| ≤ ln 2, converging like (u/2π)ⁿ.
private func dilogCore(_ x: Double) -> Double { dilogBernoulli(-log1p(-x)) }

/// Σ Bₙ u^{n+1}/(n+1)! = Li₂(1 − e^−u), for |u| ≤ ln 2.
@inline(__always)
private func dilogBernoulli(_ u: Double) -> Double {
    let u2 = u * u
    var s = 0.0
    for k in stride(from: dilogCoefficients.count - 1, through: 0, by: -1) { s = s * u2 + dilogCoefficients[k] }
    // B₀ u + B₁ u²/2 + Σ_k B₂ₖ u^{2k+1}/(2k+1)!
    return u - 0.25 * u2 + u * u2 * s
}
