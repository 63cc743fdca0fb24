import Foundation
import RS4ANumerics

/// The UniformBall ℓ2 radius at λ = 1: R = 2 − 4x, x = B⁻¹_{a,a}(3/4 − ρ/2), a = (d+1)/2.
///
/// Two exact rewritings make it accurate and cheap. With I_x(a, a) = ½·I_{4x(1−x)}(a, ½) for
/// x ≤ ½ and v = (1 − 2x)² = 1 − 4x(1 − x): I_v(½, a) = ρ − ½, so R = 2√v with v from one
/// inverse incomplete beta whose argument ρ − ½ is exact (3/4 − ρ/2 rounds away the low digits
/// of ρ − ½, 1e-7 relative at ρ = ½ + 1e-9). And with ν = d + 1, 1 − 2x = t/√(ν + t²) for t the
/// Student t_ν quantile at ½ + (ρ − ½)/2, so R = 2t/√(ν + t²): for ν ≥ 1000 that quantile is
/// `StudentTQuantile`'s expansion about z = Φ⁻¹(½ + (ρ − ½)/2) (z ≤ 0.68, well inside its
/// range), which errs low. Both routes are lowered by `ClosedFormMargin`.
enum UniformBallClosedForm {
    static func unitRadius(_ rho: Double, dim: Int) -> Double {
        let nu = Double(dim + 1)
        let offset = 0.5 * (rho - 0.5)   // exact for ρ in [½, 1]
        if nu >= StudentTQuantile.minimumDegrees,
           let t = StudentTQuantile.expansion(z: Special.normalQuantile(halfPlus: offset), degrees: nu) {
            return ClosedFormMargin.lowered(2 * t / (nu + t * t).squareRoot())
        }
        return exactUnitRadius(rho, dim: dim)
    }

    /// 2√v with I_v(½, (d+1)/2) = ρ − ½, lowered by `ClosedFormMargin`.
    static func exactUnitRadius(_ rho: Double, dim: Int) -> Double {
        ClosedFormMargin.lowered(2 * Special.betaIInv(0.5, Double(dim + 1) / 2, rho - 0.5).squareRoot())
    }
}
