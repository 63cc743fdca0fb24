/// The downward margin of the closed forms that are not evaluated to a few ulps.
///
/// Policy (every closed form, one rule): a radius whose evaluation error can exceed the
/// rounding of a few operations is lowered by `relative`, which is far above that error, so
/// it never exceeds the exact radius. That is every route through a general-purpose inverse
/// incomplete beta or gamma function, or through an approximation of one: UniformBall and
/// Exp2 (k = 1) (B⁻¹, or the Student-t expansion `StudentTQuantile`) and Expp (p > 1, p ≠ 2)
/// (G⁻¹, or the interpolant `ExppClosedForm`). Their worst errors, measured against mpmath at
/// 50 digits (scripts/fixtures/noise_radii_reference.py): 3.4e-14 relative for B⁻¹ with
/// a ≈ 500 (d ≈ 1000), below 4e-13 for the expansion (it errs low), 1e-13 for the interpolant
/// against G⁻¹ (checked when built) — so 1e-12 leaves a factor ≥ 2.5 over the worst of them and
/// ~30 over the inverse functions.
///
/// Closed forms evaluated to a few ulps (≤ 1e-15 relative) are not lowered — NOISES.md allows
/// 1e-9 above the exact radius, and lowering them would only move them off the textbook
/// formula: the elementary ones (Uniform, Laplace ℓ1, ExpInf, PowInf, Expp p = 1), those
/// through Φ⁻¹ (Wichura's AS241, ~1e-16: Gaussian, and Exp2 k = 2 and Expp p = 2, which are
/// the Gaussian formula), the Expp p = ½ form (a dedicated Halley solve converged to 4e-17) and
/// Pareto (a positive series summed to 1e-18).
enum ClosedFormMargin {
    static let relative = 1e-12

    /// `radius` lowered by the margin.
    @inline(__always) static func lowered(_ radius: Double) -> Double { radius * (1 - relative) }
}
