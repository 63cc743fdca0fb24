import Foundation
import RS4ANumerics

/// The functions Ψ of the differential method (NOISES.md), at λ = 1:
/// R(ρ) = ∫_{1−ρ}^{½} dp / Ψ(p).
///
/// Every Ψ here is Ψ(p) = F₁(v(p))·c where v(p) inverts a CDF: v = G⁻¹(…2p…). Rather than
/// invert inside the integrand (slow, and the inversion's rounding noise stalls adaptive
/// quadrature), we integrate over v: with 2p = F₀(v), dp = f₀(v)/2·dv, so
/// R(ρ) = ∫ f₀(v) / (2Ψ(v)) dv between v(1 − ρ) and v(½). Only the end points are inverted.
enum DifferentialIntegrand: Sendable {
    /// ExpInf(k, j = 0) ℓ∞ and Exp1(k ≥ 1) ℓ1: Q_{a0}(v) = 2p, Ψ = Q_{a1}(v)·k/2·Γ(a1)/Γ(a0),
    /// a0 = d/k, a1 = (d+k−1)/k. v runs from v(1 − ρ) down to v(½) = 0.
    case gammaUpper(d: Int, k: Double)
    /// Exp1(0 < k < 1) ℓ1: P_{a0}(v) = 2p, Ψ = P_{a1}(v)·k/2·Γ(a1)/Γ(a0); v(½) = ∞.
    case gammaLower(d: Int, k: Double)
    /// PowInf(a) ℓ∞: with y = BP-quantile/(1 + ·) and v = 1 − y ~ Beta(a − d, d):
    /// BP⁻¹_{d,a−d}(2p) = y/(1−y) ⇔ I_{v}(a−d, d) = 1 − 2p, and Ψ = I_{1−v}(d, a+1−d)·(a−d)/2; v(½) = 0.
    case betaPrime(d: Int, a: Double)
    /// Expp(p < 1) ℓ1: P_{1/p}(v) = 2q, Ψ = (1 − e^{−v})/(2Γ(1 + 1/p)); v(½) = ∞.
    case expp(p: Double)

    /// The integration variable at probability p ∈ (0, ½].
    func variable(_ p: Double) -> Double {
        let twoP = 2 * p
        switch self {
        case .gammaUpper(let d, let k):
            let a0 = Double(d) / k
            return twoP <= 0.5 ? Special.gammaQInv(a0, twoP) : Special.gammaPInv(a0, 1 - twoP)
        case .gammaLower(let d, let k):
            let a0 = Double(d) / k
            if twoP >= 1 { return .infinity }
            return twoP <= 0.5 ? Special.gammaPInv(a0, twoP) : Special.gammaQInv(a0, 1 - twoP)
        case .betaPrime(let d, let a):
            let b = a - Double(d), dd = Double(d)
            // I_v(b, d) = 1 − 2p.
            return twoP <= 0.5 ? Special.betaIComplementInv(b, dd, twoP) : Special.betaIInv(b, dd, 1 - twoP)
        case .expp(let pp):
            if twoP >= 1 { return .infinity }
            return twoP <= 0.5 ? Special.gammaPInv(1 / pp, twoP) : Special.gammaQInv(1 / pp, 1 - twoP)
        }
    }

    /// f₀(v)/(2Ψ(v)) ≥ 0: the integrand over v.
    func density(_ v: Double) -> Double {
        switch self {
        case .gammaUpper(let d, let k), .gammaLower(let d, let k):
            let a0 = Double(d) / k, a1 = (Double(d) + k - 1) / k
            guard v > 0, v.isFinite else { return 0 }
            let tail: Double
            if case .gammaUpper = self { tail = Special.gammaQ(a1, v) } else { tail = Special.gammaP(a1, v) }
            // f₀(v) / (2·tail·k/2·Γ(a1)/Γ(a0)) = f₀(v) / (k·tail·Γ(a1)/Γ(a0))
            return exp(GammaLogDensity.value(shape: a0, at: v) - Special.logGammaRatio(a0, a1 - a0)) / (k * tail)
        case .betaPrime(let d, let a):
            let b = a - Double(d), dd = Double(d)
            guard v > 0, v < 1 else { return 0 }
            let logPdf = (b - 1) * log(v) + (dd - 1) * log1p(-v) - Special.logBeta(b, dd)
            let psi = Special.betaIComplement(b + 1, dd, v) * b / 2  // I_{1−v}(d, b+1) = 1 − I_v(b+1, d)
            return exp(logPdf) / (2 * psi)
        case .expp(let pp):
            let shape = 1 / pp
            guard v > 0, v.isFinite else { return 0 }
            let logPdf = (shape - 1) * log(v) - v - Special.logGamma(shape)
            // f₀/(2Ψ) = f₀·Γ(1 + 1/p)/(1 − e^{−v})
            return exp(logPdf + Special.logGamma(1 + shape)) / (-expm1(-v))
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

/// ln of the Gamma(a, 1) density at v without the cancellation of (a−1)ln v − v − lnΓ(a)
/// at large a (≈ 2e-10 relative at a = 1.5·10⁵). Internal helper: for a ≥ 20, with
/// t = (v − a)/a, it is (a−1)·log1p(t) − a·t − ½ln(2πa) − S(a), S Stirling's series
/// 1/(12a) − 1/(360a³) + 1/(1260a⁵) − 1/(1680a⁷) (next term < 2e-15 for a ≥ 20).
enum GammaLogDensity {
    static func value(shape a: Double, at v: Double) -> Double {
        guard a >= 20 else { return (a - 1) * log(v) - v - Special.logGamma(a) }
        let t = (v - a) / a
        let a2 = 1 / (a * a)
        let stirling = (1.0 / 12 - a2 * (1.0 / 360 - a2 * (1.0 / 1260 - a2 / 1680))) / a
        return (a - 1) * log1p(t) - a * t - 0.5 * log(2 * Double.pi * a) - stirling
    }
}
