import Foundation

/// The Student t_ν quantile for large ν by its Cornish–Fisher expansion in 1/ν about the
/// normal quantile z (Abramowitz & Stegun 26.7.5, four terms) — the cheap core of the
/// closed forms whose inverse incomplete beta B⁻¹_{a,a} maps to a t quantile (Exp2 k = 1,
/// UniformBall).
///
/// Accuracy (against mpmath's t quantiles at 50 digits, scripts/fixtures/noise_radii_reference.py):
/// for ν ≥ 1000 and z² ≤ 0.02·ν the truncation error is below 4e-13 relative and always
/// negative (the expansion lies below the exact quantile; its first omitted term is positive);
/// elsewhere in that range only rounding (≤ 2e-16) remains. The radii built on it are lowered
/// by `ClosedFormMargin`, so that rounding, too, can only move them down.
enum StudentTQuantile {
    static let minimumDegrees = 1000.0
    static let maximumZ2OverNu = 0.02

    /// t_ν at the probability whose normal quantile is z, or nil outside the range above.
    @inline(__always) static func expansion(z: Double, degrees nu: Double) -> Double? {
        let z2 = z * z
        guard nu >= minimumDegrees, z2 <= maximumZ2OverNu * nu else { return nil }
        let g1 = (z2 + 1) / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
        let h = 1 / nu
        return z * (1 + h * (g1 + h * (g2 + h * (g3 + h * g4))))
    }
}
