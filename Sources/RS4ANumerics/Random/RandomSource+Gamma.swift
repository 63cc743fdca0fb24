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

    /// G^power for G ~ Gamma(shape), from the same draws as `nextGamma(shape:)` in the same
    /// order. Below shape 1 that draw is Gamma(shape + 1)·U^(1/shape), which underflows to 0
    /// for small shapes (Expp with large p, radial laws with large k) even where its power is an
    /// ordinary number (G^(1/p) ≈ U for Expp as p → ∞): the power is taken in logarithms.
    /// (ln U/shape is formed as ln U·(power/shape), which stays finite for Expp's subnormal
    /// shapes 1/p, where power/shape = 1.)
    ///
    /// Returns `.nan` when `shape` is NaN, negative or +∞. Shape 0 (a quotient that
    /// underflowed) takes the below-1 route, whose limit it is: 0 for power > 0.
    public mutating func nextGammaPower(shape: Double, power: Double) -> Double {
        guard shape >= 0, shape.isFinite else { return .nan }
        if shape >= 1 { return Foundation.pow(gammaAtLeastOne(shape: shape), power) }
        let (logBoosted, logUniform) = boostedLogDraws(shape: shape)
        return Foundation.exp(power * logBoosted + (power / shape) * logUniform)
    }

    /// BetaPrime(a, b) as the ratio of independent Gamma(a) and Gamma(b) draws (in that order),
    /// formed from their logarithms so that shapes far below 1 — where a gamma draw underflows
    /// to 0 — still give a ratio: never NaN for valid parameters; 0 or +∞ only when the ratio
    /// itself is outside Double's range.
    /// Returns `.nan` unless both parameters are finite and positive.
    public mutating func nextBetaPrime(a: Double, b: Double) -> Double {
        Foundation.exp(nextLogBetaPrime(a: a, b: b))
    }

    /// ln of a BetaPrime(a, b) draw: the draws of `nextBetaPrime(a:b:)` (which is its exp), finite
    /// for all valid parameters, so a power B^t is exp(t·ln B) without an intermediate overflow.
    /// Returns `.nan` unless both parameters are finite and positive.
    public mutating func nextLogBetaPrime(a: Double, b: Double) -> Double {
        guard a.isFinite, a > 0, b.isFinite, b > 0 else { return .nan }
        let logNumerator = nextLogGamma(shape: a)
        return logNumerator - nextLogGamma(shape: b)
    }

    /// ln of a Gamma(shape) draw, finite for every shape > 0 (callers check the shape).
    private mutating func nextLogGamma(shape: Double) -> Double {
        shape < 1 ? nextLogGammaBelowOne(shape: shape) : Foundation.log(gammaAtLeastOne(shape: shape))
    }

    /// ln(Gamma(shape + 1)·U^(1/shape)) for 0 < shape < 1.
    private mutating func nextLogGammaBelowOne(shape: Double) -> Double {
        let (logBoosted, logUniform) = boostedLogDraws(shape: shape)
        return logBoosted + logUniform / shape
    }

    /// (ln Gamma(shape + 1), ln U), drawn in that order: the draws of a Gamma(shape) below 1.
    @inline(__always) private mutating func boostedLogDraws(shape: Double) -> (Double, Double) {
        let logBoosted = Foundation.log(gammaAtLeastOne(shape: shape + 1))
        return (logBoosted, Foundation.log(nextUniform()))
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
