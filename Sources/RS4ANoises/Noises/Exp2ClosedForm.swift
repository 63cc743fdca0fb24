import Foundation
import RS4ANumerics

/// The Exp2(k = 1, j = 0) ℓ2 radius at λ = 1: (d−1)·atanh(1 − 2x), x = B⁻¹_{a,a}(1 − ρ), a = (d−1)/2.
///
/// Why it can be cheap: with ν = d − 1, X ~ Beta(ν/2, ν/2) maps to Student's t_ν by
/// t = √ν (1 − 2x) / (2√(x(1 − x))) (since I_x(a, a) = ½ I_{4x(1−x)}(a, ½) for x ≤ ½), and
/// 1 − 2x = tanh w gives t = √ν sinh w, so the radius is ν·asinh(t_ρ/√ν) with t_ρ the
/// t_ν quantile at ρ. For large ν that quantile has the Cornish–Fisher expansion in 1/ν
/// (Abramowitz & Stegun 26.7.5) about z = Φ⁻¹(ρ) — `StudentTQuantile`, which errs low; outside
/// its range (ν < 1000 or ρ extremely close to 1) the exact inverse incomplete beta is used.
/// Both routes are lowered by `ClosedFormMargin` (the inverse incomplete beta is off by up to
/// 3.4e-14 relative at d ≈ 1000, above the exact radius as often as below).
enum Exp2ClosedForm {
    static func unitRadius(_ rho: Double, dim: Int) -> Double {
        let nu = Double(dim - 1)
        if rho < 1, nu >= StudentTQuantile.minimumDegrees,
           let t = StudentTQuantile.expansion(z: Special.normalQuantile(rho), degrees: nu) {
            return ClosedFormMargin.lowered(nu * asinh(t / nu.squareRoot()))
        }
        return exactUnitRadius(rho, dim: dim)
    }

    /// (d−1)·atanh(1 − 2x) from one inverse incomplete beta with an exact argument, lowered by
    /// `ClosedFormMargin`. With a = (d−1)/2 and
    /// I_x(a, a) = ½·I_{4x(1−x)}(a, ½) for x ≤ ½, v = (1 − 2x)² solves I_v(½, a) = 2ρ − 1 and
    /// w = 1 − v solves I_w(a, ½) = 2(1 − ρ) (both arguments exact). Near ρ = ½ atanh(√v) keeps
    /// the digits that 1 − 2x from x ≈ ½ would lose (1e-4 relative at ρ = ½ + 1e-12, d = 2);
    /// near ρ = 1, atanh(√v) = ln(1 + √v) − ½ln w keeps those of the small w.
    static func exactUnitRadius(_ rho: Double, dim: Int) -> Double {
        let nu = Double(dim - 1), a = 0.5 * nu
        let radius: Double
        if rho <= 0.75 {
            radius = nu * Special.atanh(Special.betaIInv(0.5, a, 2 * rho - 1).squareRoot())
        } else {
            let w = Special.betaIInv(a, 0.5, 2 * (1 - rho))
            radius = nu * (log1p((1 - w).squareRoot()) - 0.5 * log(w))
        }
        return ClosedFormMargin.lowered(radius)
    }
}
