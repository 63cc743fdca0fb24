#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Beta(a, b) on [0, 1].
public struct BetaDistribution: ContinuousDistribution {
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

    public func pdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x > 1 { return 0 }
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? b : 0) }
        if x == 1 { return b < 1 ? .infinity : (b == 1 ? a : 0) }
        let y = 1 - x
        return betaPrefix(a, b, x, y) / (x * y)
    }

    public func logpdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 || x >= 1 { return log(pdf(x)) }
        // ln(x^a y^b / B) − ln x − ln y, in the Stirling form that keeps large a, b exact.
        let y = 1 - x
        return betaLogPrefix(a, b, x, y) - log(x) - log(y)
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return incompleteBeta(a, b, x, 1 - x).i
    }

    public func sf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        return incompleteBeta(a, b, x, 1 - x).ic
    }

    public func ppf(_ p: Double) -> Double { Special.betaIInv(a, b, p) }
    public func isf(_ q: Double) -> Double { Special.betaIComplementInv(a, b, q) }
}
