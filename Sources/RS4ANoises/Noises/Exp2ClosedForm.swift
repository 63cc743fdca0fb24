import Foundation
import RS4ANumerics

/// The Exp2(k = 1, j = 0) ℓ2 radius at λ = 1: (d−1)·atanh(1 − 2x), x = B⁻¹_{a,a}(1 − ρ), a = (d−1)/2.
///
/// Why it can be cheap: with ν = d − 1, X ~ Beta(ν/2, ν/2) maps to Student's t_ν by
/// t = √ν (1 − 2x) / (2√(x(1 − x))) (since I_x(a, a) = ½ I_{4x(1−x)}(a, ½) for x ≤ ½), and
/// 1 − 2x = tanh w gives t = √ν sinh w, so the radius is ν·asinh(t_ρ/√ν) with t_ρ the
/// t_ν quantile at ρ. For large ν that quantile has the Cornish–Fisher expansion in 1/ν
/// (Abramowitz & Stegun 26.7.5) about z = Φ⁻¹(ρ).
enum Exp2ClosedForm {
    /// Smallest ν and largest z²/ν where the four-term expansion is used: there its
    /// truncation error (checked against scipy's stdtrit and the exact route) is below
    /// 3e-13 relative; elsewhere the exact inverse incomplete beta is used.
    static let minimumDegrees = 1000.0
    static let maximumZ2OverNu = 0.02

    static func unitRadius(_ rho: Double, dim: Int) -> Double {
        let nu = Double(dim - 1)
        if nu >= minimumDegrees && rho < 1 {
            let z = Special.normalQuantile(rho)
            let z2 = z * z
            if z2 <= maximumZ2OverNu * nu {
                let g1 = (z2 + 1) / 4
                let g2 = ((5 * z2 + 16) * z2 + 3) / 96
                let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
                let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
                let h = 1 / nu
                let t = z * (1 + h * (g1 + h * (g2 + h * (g3 + h * g4))))
                return nu * asinh(t / nu.squareRoot())
            }
        }
        return exactUnitRadius(rho, dim: dim)
    }

    /// (d−1)·atanh(1 − 2x) from the inverse incomplete beta, written as ½·ln((1 − x)/x)
    /// = ½·log1p((1 − 2x)/x), which keeps its accuracy for x near ½ and for x tiny (ρ near 1).
    static func exactUnitRadius(_ rho: Double, dim: Int) -> Double {
        let shape = Double(dim - 1) / 2
        let x = Special.betaIInv(shape, shape, 1 - rho)
        return Double(dim - 1) * 0.5 * log1p((1 - 2 * x) / x)
    }
}
