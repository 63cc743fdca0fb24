#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Normal distribution N(mean, sd²).
public struct NormalDistribution: ContinuousDistribution {
    public let mean: Double
    public let sd: Double

    /// - Throws: `NumericsError.invalidArgument` unless `mean` is finite and `sd` is finite and > 0.
    public init(mean: Double = 0, sd: Double = 1) throws {
        guard mean.isFinite else {
            throw NumericsError.invalidArgument(describe("mean", "finite", mean))
        }
        guard sd > 0, sd.isFinite else {
            throw NumericsError.invalidArgument(describe("sd", "finite and > 0", sd))
        }
        self.mean = mean
        self.sd = sd
    }

    public func pdf(_ x: Double) -> Double {
        let z = (x - mean) / sd
        return invSqrt2Pi * exp(-0.5 * z * z) / sd
    }

    public func logpdf(_ x: Double) -> Double {
        let z = (x - mean) / sd
        return -0.5 * z * z - halfLog2Pi - log(sd)
    }

    public func cdf(_ x: Double) -> Double { Special.normalCDF((x - mean) / sd) }
    public func sf(_ x: Double) -> Double { Special.normalSF((x - mean) / sd) }

    /// ln cdf(x), finite far into the lower tail (where cdf underflows).
    public func logcdf(_ x: Double) -> Double { Special.normalLogCDF((x - mean) / sd) }
    /// ln sf(x), finite far into the upper tail.
    public func logsf(_ x: Double) -> Double { Special.normalLogCDF((mean - x) / sd) }

    public func ppf(_ p: Double) -> Double { mean + sd * Special.normalQuantile(p) }
    public func isf(_ q: Double) -> Double { mean + sd * Special.normalSFInverse(q) }
}
