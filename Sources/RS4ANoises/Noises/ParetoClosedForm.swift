import Foundation
import RS4ANumerics

/// The Pareto(a) ℓ1 radius at λ = 1: x/a · ₂F₁(1, b; b + 1; z), x = 2ρ − 1, b = a/(a+1), z = x^(1+1/a).
///
/// Why a dedicated series: ₂F₁(1, b; b + 1; z) = b·Σₙ zⁿ/(b + n). With the reciprocals 1/(b + n)
/// tabulated once per noise, the sum is a polynomial evaluated on two independent chains (even
/// and odd powers) instead of a division per term, on the same range z ≤ 0.75 where
/// `Special.hyp2f1` sums its series. Above, the logarithmic expansion about z = 1 that
/// `Special.hyp2f1` uses (A&S 15.3.10, c − a − b = 0) has its coefficients tabulated likewise.
struct ParetoClosedForm: Sendable {
    let a: Double, b: Double
    /// 1/(b + n) for n < 192, enough for z ≤ 0.75 (0.75^192 < 1e-23).
    let reciprocals: [Double]
    /// ₂F₁(1, b; b + 1; 1 − w) = Σₙ wⁿ (βₙ − αₙ ln w) with αₙ = b (b)ₙ/n! and
    /// βₙ = αₙ (ψ(n + 1) − ψ(b + n)); every term is positive for 0 < b < 1 and w ≤ ¼,
    /// and 32 terms leave a tail below 1e-18 of the sum (¼³² < 6e-20).
    let alpha: [Double], beta: [Double]
    static let seriesLimit = 0.75

    init(a: Double) {
        self.a = a
        b = a / (a + 1)
        reciprocals = (0..<192).map { [b] n in 1 / (b + Double(n)) }
        var alpha: [Double] = [], beta: [Double] = []
        var coefficient = b                                        // b (b)ₙ/n!
        var psiGap = Special.digamma(1) - Special.digamma(b)       // ψ(n + 1) − ψ(b + n)
        for n in 0..<32 {
            let nd = Double(n)
            alpha.append(coefficient)
            beta.append(coefficient * psiGap)
            coefficient *= (b + nd) / (nd + 1)
            psiGap += 1 / (nd + 1) - 1 / (b + nd)
        }
        self.alpha = alpha
        self.beta = beta
    }

    func unitRadius(_ rho: Double) -> Double {
        let x = 2 * rho - 1
        let z = pow(x, 1 + 1 / a)
        let f = z <= Self.seriesLimit ? b * series(z) : nearOne(1 - z)
        return x / a * f
    }

    /// ₂F₁(1, b; b + 1; 1 − w) for 0 ≤ w < ¼ (+∞ at w = 0, i.e. ρ = 1), two Horner chains.
    func nearOne(_ w: Double) -> Double {
        var p = 0.0, q = 0.0
        for n in stride(from: alpha.count - 1, through: 0, by: -1) {
            p = p * w + beta[n]
            q = q * w + alpha[n]
        }
        return p - log(w) * q
    }

    /// Σₙ zⁿ/(b + n) for 0 ≤ z ≤ 0.75, stopped once the remaining tail, at most
    /// zⁿ⁺¹/((b + n + 1)(1 − z)), is below 1e-17 of the sum.
    func series(_ z: Double) -> Double {
        reciprocals.withUnsafeBufferPointer { r in
            let z2 = z * z
            let tolerance = 1e-17 * (1 - z)
            var evenPower = 1.0, oddPower = z
            var evenSum = 0.0, oddSum = 0.0
            var n = 0
            while n + 1 < r.count {
                evenSum += evenPower * r[n]
                let odd = oddPower * r[n + 1]
                oddSum += odd
                if odd <= tolerance * (evenSum + oddSum) { break }
                evenPower *= z2
                oddPower *= z2
                n += 2
            }
            return evenSum + oddSum
        }
    }
}
