import Foundation
import RS4ANumerics

/// The functions Ψ of the differential method (NOISES.md), at λ = 1:
/// R(ρ) = ∫_{1−ρ}^{½} dp / Ψ(p).
enum DifferentialIntegrand: Sendable {
    /// ExpInf(k, j = 0) ℓ∞ and Exp1(k ≥ 1) ℓ1 share Ψ(p) = Q_{(d+k−1)/k}(x)·k/2·Γ-ratio with Q_{d/k}(x) = 2p.
    case gammaUpper(d: Int, k: Double)
    /// Exp1(0 < k < 1) ℓ1: Ψ(p) = P_{(d+k−1)/k}(x)·k/2·Γ-ratio with P_{d/k}(x) = 2p.
    case gammaLower(d: Int, k: Double)
    /// PowInf(a) ℓ∞: Ψ(p) = BP_{d, a+1−d}(BP⁻¹_{d, a−d}(2p))·(a−d)/2.
    case betaPrime(d: Int, a: Double)
    /// Expp(p < 1) ℓ1: Ψ(q) = (1 − exp(−G⁻¹_{1/p}(2q))) / (2Γ(1 + 1/p)).
    case expp(p: Double)

    /// Ψ(p) for p ∈ (0, ½]; the limit at p = ½. NaN only if the special functions fail.
    func psi(_ p: Double) -> Double {
        switch self {
        case .gammaUpper(let d, let k):
            let a0 = Double(d) / k, a1 = (Double(d) + k - 1) / k
            let factor = k / 2 * exp(Special.logGammaRatio(a0, a1 - a0))
            if p >= 0.5 { return factor }
            // Q_{a0}(x) = 2p; for 2p near 1 invert the lower tail 1 − 2p instead.
            let x = 2 * p <= 0.5 ? Special.gammaQInv(a0, 2 * p) : Special.gammaPInv(a0, 1 - 2 * p)
            return Special.gammaQ(a1, x) * factor
        case .gammaLower(let d, let k):
            let a0 = Double(d) / k, a1 = (Double(d) + k - 1) / k
            let factor = k / 2 * exp(Special.logGammaRatio(a0, a1 - a0))
            if p >= 0.5 { return factor }
            let x = 2 * p <= 0.5 ? Special.gammaPInv(a0, 2 * p) : Special.gammaQInv(a0, 1 - 2 * p)
            return Special.gammaP(a1, x) * factor
        case .betaPrime(let d, let a):
            let dd = Double(d), factor = (a - dd) / 2
            if p >= 0.5 { return factor }
            // BP⁻¹_{α,β}(q) = y/(1−y) with y = I⁻¹_{α,β}(q), and BP_{α,β'}(y/(1−y)) = I_y(α, β').
            let y = 2 * p <= 0.5 ? Special.betaIInv(dd, a - dd, 2 * p) : Special.betaIComplementInv(dd, a - dd, 1 - 2 * p)
            return Special.betaI(dd, a + 1 - dd, y) * factor
        case .expp(let pp):
            let shape = 1 / pp
            let denominator = 2 * exp(Special.logGamma(1 + shape))
            if p >= 0.5 { return 1 / denominator }
            let x = 2 * p <= 0.5 ? Special.gammaPInv(shape, 2 * p) : Special.gammaQInv(shape, 1 - 2 * p)
            return -expm1(-x) / denominator
        }
    }

    /// A short stable name for table keys.
    var name: String {
        switch self {
        case .gammaUpper: return "differential-gamma-upper"
        case .gammaLower: return "differential-gamma-lower"
        case .betaPrime: return "differential-betaprime"
        case .expp: return "differential-expp"
        }
    }
}
