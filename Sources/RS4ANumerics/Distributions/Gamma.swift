#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Gamma distribution with shape k and rate β (density β^k x^{k−1} e^{−βx} / Γ(k)).
public struct GammaDistribution: ContinuousDistribution {
    public let shape: Double
    public let rate: Double

    /// - Throws: `NumericsError.invalidArgument` unless shape and rate are finite and > 0.
    public init(shape: Double, rate: Double = 1) throws {
        guard shape > 0, shape.isFinite else {
            throw NumericsError.invalidArgument(describe("shape", "finite and > 0", shape))
        }
        guard rate > 0, rate.isFinite else {
            throw NumericsError.invalidArgument(describe("rate", "finite and > 0", rate))
        }
        self.shape = shape
        self.rate = rate
    }

    public func pdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x == .infinity { return 0 }
        let u = rate * x
        if u == 0 {
            if shape < 1 { return .infinity }
            return shape == 1 ? rate : 0
        }
        // density = rate · (u^k e^{−u} / Γ(k)) / u, the prefix keeps large shapes exact.
        return rate * gammaPrefix(shape, u) / u
    }

    public func logpdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 || x == .infinity { return -.infinity }
        let u = rate * x
        if u == 0 { return log(pdf(x)) }
        // ln(rate · prefix / u): Stirling's form keeps large shapes exact.
        return log(rate) + gammaLogPrefix(shape, u) - log(u)
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x <= 0 ? 0 : Special.gammaP(shape, rate * x)
    }

    public func sf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x <= 0 ? 1 : Special.gammaQ(shape, rate * x)
    }

    public func ppf(_ p: Double) -> Double { Special.gammaPInv(shape, p) / rate }
    public func isf(_ q: Double) -> Double { Special.gammaQInv(shape, q) / rate }
}
