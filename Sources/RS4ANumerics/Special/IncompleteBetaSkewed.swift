#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// I_x(a, b) for b ≫ a (b ≥ 100, a ≤ b/100) as a short sum of incomplete gamma ratios.
///
/// Why: there the continued fraction runs at y = 1 − x ≈ 1 with odd coefficients
/// ≈ −1, so the rounding of 1 − x (absolute 1e-16) is amplified by 1/x — 1e-10
/// relative error at Beta(0.5, 10⁶). This form only ever uses x through log1p(−x).
///
/// Derivation (exact up to the last step): substitute t = 1 − e^{−s/T} with
/// T = b + (a − 1)/2 in B(a, b)·I_x = ∫₀ˣ t^{a−1}(1 − t)^{b−1} dt to get
///     I_x(a, b) = T^{−a}/B(a, b) ∫₀ᵘ s^{a−1} e^{−s} φ(s/T) ds,  u = −T·ln(1 − x),
/// φ(v) = (sinh(v/2)/(v/2))^{a−1} = Σ c_k v^{2k}. Integrating term by term,
///     I_x = Σ w_k P(a + 2k, u),   w_k = [Γ(a + b)/(Γ(b) T^a)]·c_k·(a)_{2k}/T^{2k},
/// and, as Σ w_k = 1 up to e^{−2πT}, 1 − I_x = Σ w_k Q(a + 2k, u). Successive
/// terms shrink like (v/2π)^{2k}, v = −ln(1 − x), relative to the sums.
/// Returns nil outside b ≥ 100, a ≤ b/100, −ln(1 − x) ≤ 1 (x ≤ 0.63: beyond it the
/// value is ≲ e^{−b} from the mean and the continued fraction on the swapped
/// problem, which then runs at 1 − x ≤ 0.37, is accurate).
func incompleteBetaSkewed(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> (i: Double, ic: Double)? {
    guard b >= 100, a <= 0.01 * b else { return nil }
    let v = x <= y ? -log1p(-x) : -log(y)   // −ln(1 − x) from the accurate input
    guard v <= 1 else { return nil }
    let t = b + 0.5 * (a - 1)
    let u = t * v
    // ln w₀ = lnΓ(a + b) − lnΓ(b) − a ln T by Stirling, regrouped so that no term of
    // size a·ln b cancels: b·log1pmx(a/b) − ½log1p(a/b) + a·log1p((a + 1)/(2T)) + S(a + b) − S(b).
    let lnW0 = b * log1pmx(a / b) - 0.5 * log1p(a / b) + a * log1p(0.5 * (a + 1) / t)
        + stirlingError(a + b) - stirlingError(b)
    let w0 = exp(lnW0)
    // c_k of φ = exp((a − 1)·Σ_j β_j y^j), y = v²: c_k = (1/k) Σ_{j=1}^{k} j·(a − 1)β_j·c_{k−j}.
    let terms = logSinhcCoefficients.count
    let (sumI, sumIc) = withUnsafeTemporaryAllocation(of: Double.self, capacity: terms + 1) { c -> (Double, Double) in
        c[0] = 1
        var (p0, q0) = incompleteGamma(a, u)
        var sumI = p0
        var sumIc = q0
        var scale = 1.0          // (a)_{2k} / T^{2k}
        for k in 1...terms {
            var ck = 0.0
            for j in 1...k { ck += Double(j) * (a - 1) * logSinhcCoefficients[j - 1] * c[k - j] }
            ck /= Double(k)
            c[k] = ck
            let s = a + Double(2 * k)
            scale *= (s - 2) * (s - 1) / (t * t)
            let weight = ck * scale
            (p0, q0) = incompleteGamma(s, u)
            let termI = weight * p0
            let termIc = weight * q0
            sumI += termI
            sumIc += termIc
            // Terms shrink like (v/2π)^{2k} relative to the sums (v ≤ 1: ≤ 0.025^k).
            if abs(termI) <= 1e-17 * abs(sumI) && abs(termIc) <= 1e-17 * abs(sumIc) { break }
        }
        return (sumI, sumIc)
    }
    return (min(1, w0 * sumI), min(1, w0 * sumIc))
}

/// β_j = B_{2j} / (2j·(2j)!): ln(sinh(v/2)/(v/2)) = Σ_{j≥1} β_j v^{2j} (exact rationals rounded).
private let logSinhcCoefficients: [Double] = [
    0.041666666666666664, -0.00034722222222222224, 5.5114638447971785e-06, -1.033399470899471e-07,
    2.08767569878681e-09, -4.403491782239578e-11, 9.55895466477477e-13, -2.1185501852016142e-14,
    4.770034475709914e-16, -1.087434349279031e-17, 2.5040921947091955e-19, -5.814360285755218e-21,
    1.3595027075497952e-22, -3.1976847953705525e-24, 7.559841507792277e-26,
]

/// I_x(a, a) for a ≥ 100 through the exact identity I_x(a, a) = ½·I_{4x(1−x)}(a, ½)
/// (x ≤ ½), i.e. ½·(1 − I_w(½, a)) with w = (1 − 2x)², which is the very unequal case
/// above. Near the centre, where the level-set method evaluates it millions of times,
/// it needs one or two incomplete gamma ratios instead of O(√a) continued-fraction steps.
/// Returns nil where that case does (|1 − 2x| > 0.795, the far tails).
func incompleteBetaSymmetric(_ a: Double, _ x: Double, _ y: Double) -> (i: Double, ic: Double)? {
    guard a >= 100 else { return nil }
    let lowerHalf = x <= y
    let s = lowerHalf ? x : y                 // ≤ ½, the accurate input
    let d = 1 - 2 * s                         // exact for s in [¼, ½]
    guard let r = incompleteBetaSkewed(0.5, a, d * d, 4 * s * (1 - s)) else { return nil }
    let small = 0.5 * r.ic                    // I_s(a, a) = ½(1 − I_w(½, a))
    let large = 0.5 + 0.5 * r.i               // 1 − I_s(a, a) = ½(1 + I_w(½, a))
    return lowerHalf ? (small, large) : (large, small)
}
