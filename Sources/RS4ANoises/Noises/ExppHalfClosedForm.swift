import Foundation
import RS4ANumerics

/// The Expp(p = ½) ℓ1 radius at λ = 1: with c = G⁻¹_2(2(1 − ρ)), R = 2(−c·ln(1 − e^−c) + Li₂(e^−c)).
///
/// Why a dedicated inverse: for shape 2, P(2, c) = 1 − e^−c(1 + c), so P(2, c) = 2(1 − ρ) reads
/// c − ln(1 + c) = L with L = −ln(2ρ − 1) (2ρ − 1 is exact for ρ ∈ [½, 1]). That equation is
/// solved by Halley's method on log1p alone, far cheaper than the general gamma inverse.
enum ExppHalfClosedForm {
    static let ln2 = 0.6931471805599453
    /// Coefficients of c = η Σₖ aₖ ηᵏ solving c − ln(1 + c) = η²/2 (exact rationals, by series reversion).
    static let lambdaSeries: [Double] = [
        1, 1.0 / 3, 1.0 / 36, -1.0 / 270, 1.0 / 4320, 1.0 / 17010, -139.0 / 5_443_200, 1.0 / 204_120,
        -571.0 / 2_351_462_400, -281.0 / 1_515_591_000, 163_879.0 / 2_172_751_257_600, -5221.0 / 354_648_294_000,
        5_246_819.0 / 10_168_475_885_568_000, 5459.0 / 7_447_614_174_000, -534_703_531.0 / 1_830_325_659_402_240_000,
        91_207_079.0 / 1_595_278_956_070_800_000,
    ]

    static func unitRadius(_ rho: Double) -> Double {
        guard rho < 1 else { return 2 * Double.pi * Double.pi / 6 }  // c = 0: 2·Li₂(1)
        let s = 2 * rho - 1
        let c = shapeTwoGammaInverse(level: -log(s))
        if c <= ln2 {
            // Li₂(x) + Li₂(1 − x) = π²/6 − ln x·ln(1 − x) at x = e^−c turns R/2 into
            // π²/6 − Li₂(1 − e^−c), with no cancellation while Li₂(1 − e^−c) ≤ Li₂(½).
            return 2 * (Double.pi * Double.pi / 6 - Special.dilogOneMinusExp(c))
        }
        // Both terms positive; Li₂(x) with x = e^−c < ½ is Li₂(1 − e^−u) at u = −ln(1 − x) ≤ ln 2.
        // e^−c = s/(1 + c) by the defining equation: a division instead of an exponential.
        let u = -log1p(-s / (1 + c))
        return 2 * (c * u + Special.dilogOneMinusExp(u))
    }

    /// The c > 0 with c − ln(1 + c) = level (level > 0), i.e. G⁻¹_2(1 − e^−level).
    static func shapeTwoGammaInverse(level: Double) -> Double {
        guard level > 0 else { return 0 }
        if level == .infinity { return .infinity }
        var c: Double
        if level < 2.5 {
            // Inversion of c − ln(1 + c) = η²/2 about c = 0 (Temme's λ-series), η = √(2L);
            // with 16 terms the relative error is below 1e-6 for L < 2.5 (so one Halley step).
            let y = (2 * level).squareRoot()
            var sum = 0.0
            for coefficient in lambdaSeries.reversed() { sum = sum * y + coefficient }
            c = y * sum
        } else {
            // c = L + ln(1 + c), iterated from c = L (relative error below 2e-2 for L ≥ 2.5).
            c = level + log1p(level + log1p(level))
        }
        for _ in 0..<20 {
            // f = c − ln(1 + c) − L, f′ = c/(1 + c), f″ = 1/(1 + c)², so f″/f′ = 1/(c(1 + c)).
            let f = excessOverLog(c) - level
            let newton = f * (1 + c) / c
            let step = newton / (1 - 0.5 * newton / (c * (1 + c)))
            c -= step
            // Halley converges cubically (relative error e → about e³/4 here), so once a step
            // is below 5e-6·c the value it produced is within 4e-17 relative.
            if !(abs(step) > 5e-6 * c) { break }
        }
        return c
    }

    /// c − ln(1 + c) without cancellation for small c (series Σ_{k≥2} (−c)^k/k).
    @inline(__always)
    static func excessOverLog(_ c: Double) -> Double {
        guard c < 0.125 else { return c - log1p(c) }
        var power = c * c
        var sum = 0.0
        var k = 2.0
        while k < 40 {
            let term = power / k
            sum += term
            if abs(term) < 1e-17 * sum { break }
            power *= -c
            k += 1
        }
        return sum
    }
}
