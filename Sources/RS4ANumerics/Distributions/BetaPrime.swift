#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Beta-prime (inverted beta) distribution on [0, ∞): density x^{a−1}(1 + x)^{−a−b} / B(a, b).
/// If X ~ BetaPrime(a, b) then X/(1 + X) ~ Beta(a, b); every function goes through that map,
/// carrying both X/(1 + X) and 1/(1 + X) so that neither tail loses accuracy.
public struct BetaPrimeDistribution: ContinuousDistribution {
    public let a: Double
    public let b: Double

    /// - Throws: `NumericsError.invalidArgument` unless a and b are finite and > 0.
    public init(a: Double, b: Double) throws {
        guard a > 0, a.isFinite else {
            throw NumericsError.invalidArgument(describe("a", "finite and > 0", a))
        }
        guard b > 0, b.isFinite else {
            throw NumericsError.invalidArgument(describe("b", "finite and > 0", b))
        }
        self.a = a
        self.b = b
    }

    /// (x/(1+x), 1/(1+x)) with full relative accuracy in both.
    @inline(__always) private func split(_ x: Double) -> (Double, Double) {
        if x > 1 { return (1 / (1 + 1 / x), 1 / (1 + x)) }
        return (x / (1 + x), 1 / (1 + x))
    }

    public func pdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x == .infinity { return 0 }
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? b : 0) }
        let (t, u) = split(x)
        // t^a u^b = x^a (1 + x)^{−a−b}, so the density is t^a u^b / (B x).
        return betaPrefix(a, b, t, u) / x
    }

    public func logpdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 || x == .infinity { return log(pdf(x)) }
        let (t, u) = split(x)
        return betaLogPrefix(a, b, t, u) - log(x)
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x == .infinity { return 1 }
        let (t, u) = split(x)
        return incompleteBeta(a, b, t, u).i
    }

    public func sf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        let (t, u) = split(x)
        return incompleteBeta(a, b, t, u).ic
    }

    public func ppf(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        let (t, u) = invertIncompleteBeta(a, b, p: p, q: 1 - p)
        return u == 0 ? .infinity : t / u
    }

    public func isf(_ q: Double) -> Double {
        guard q >= 0, q <= 1 else { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        let (t, u) = invertIncompleteBeta(a, b, p: 1 - q, q: q)
        return u == 0 ? .infinity : t / u
    }
}
