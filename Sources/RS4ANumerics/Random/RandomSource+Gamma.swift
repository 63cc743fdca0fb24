import Foundation

extension RandomSource {
    /// Gamma(shape, rate 1) by Marsaglia and Tsang (ACM TOMS 26(3), 2000), for any shape > 0.
    ///
    /// Shape ≥ 1: the squeeze-and-log acceptance test, with 1 − v + ln v evaluated as
    /// log1p(v − 1) − (v − 1) so it stays accurate when v → 1 (large shapes, tested up to 10⁶).
    /// Shape < 1: Gamma(shape + 1)·U^(1/shape), done in logs. For very small shapes the result
    /// can underflow to 0, as the true distribution puts mass below the smallest Double
    /// (probability about 10^(−308·shape)/Γ(shape + 1) per draw).
    ///
    /// Returns `.nan` when `shape` is not a finite positive number (never traps, never loops).
    public mutating func nextGamma(shape: Double) -> Double {
        guard shape.isFinite, shape > 0 else { return .nan }
        if shape < 1 { return Foundation.exp(nextLogGammaBelowOne(shape: shape)) }
        return gammaAtLeastOne(shape: shape)
    }

    /// BetaPrime(a, b) as the ratio of independent Gamma(a) and Gamma(b) draws (in that order),
    /// formed from their logarithms so that shapes far below 1 — where a gamma draw underflows
    /// to 0 — still give a ratio: never NaN for valid parameters; 0 or +∞ only when the ratio
    /// itself is outside Double's range.
    /// Returns `.nan` unless both parameters are finite and positive.
    public mutating func nextBetaPrime(a: Double, b: Double) -> Double {
        guard a.isFinite, a > 0, b.isFinite, b > 0 else { return .nan }
        let logNumerator = nextLogGamma(shape: a)
        return Foundation.exp(logNumerator - nextLogGamma(shape: b))
    }

    /// ln of a Gamma(shape) draw, finite for every shape > 0.
    private mutating func nextLogGamma(shape: Double) -> Double {
        shape < 1 ? nextLogGammaBelowOne(shape: shape) : Foundation.log(gammaAtLeastOne(shape: shape))
    }

    /// ln(Gamma(shape + 1)·U^(1/shape)) for 0 < shape < 1.
    private mutating func nextLogGammaBelowOne(shape: Double) -> Double {
        let boosted = gammaAtLeastOne(shape: shape + 1)
        return Foundation.log(boosted) + Foundation.log(nextUniform()) / shape
    }

    private mutating func gammaAtLeastOne(shape: Double) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        // Acceptance probability is above 0.95 for every shape ≥ 1, so the loop ends quickly;
        // it cannot run forever because the generator never repeats within 2⁶⁴ blocks.
        while true {
            let x = nextNormal()
            let t = c * x
            guard t > -1 else { continue }
            let vMinusOne = t * (3 + t * (3 + t))     // (1 + t)³ − 1 without cancellation
            let v = 1 + vMinusOne
            let u = nextUniform()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if Foundation.log(u) < 0.5 * x2 + d * (Foundation.log1p(vMinusOne) - vMinusOne) {
                return d * v
            }
        }
    }
}
