// Gamma and beta-prime draws (Float64, one substream per element): standardized moments
// with z-scores bounded by RandomTestSupport.zBound, and the Kolmogorov–Smirnov statistic
// against the exact CDFs of GammaDistribution / BetaPrimeDistribution (incomplete gamma and
// beta functions of RS4ANumerics) below the α = 0.001 critical value.
import Foundation
import RS4ANumerics
import XCTest

final class RandomGammaTests: XCTestCase {
    typealias Support = RandomTestSupport
    let n = 1 << 17

    func gammaSample(shape: Double, seed: UInt64) -> [Double] {
        var out = [Double](repeating: .nan, count: n)
        out.withUnsafeMutableBufferPointer {
            Samplers.fillGamma($0, shape: shape, stream: RandomStream(seed: seed, stream: 17), threads: 2)
        }
        return out
    }

    /// Shapes from far below 1 (the U^(1/a) boost) to 10⁶ (Marsaglia–Tsang near v = 1).
    func testGammaMomentsAndKS() throws {
        for (index, shape) in [0.05, 0.5, 1, 3.7, 1e3, 1e6].enumerated() {
            let sample = gammaSample(shape: shape, seed: 1000 + UInt64(index))
            XCTAssertTrue(sample.allSatisfy { $0 >= 0 && $0.isFinite }, "shape \(shape)")
            // Standardize: (x − a)/√a has mean 0, variance 1, and μ4, μ8 from the cumulants.
            let root = shape.squareRoot()
            let m = Support.gammaCentralMoments(shape: shape)
            let standardized = sample.map { ($0 - shape) / root }
            let z = Support.momentZScores(standardized, mean: 0, mu2: 1, mu4: m.mu4 / (shape * shape),
                                          mu8: m.mu8 / pow(shape, 4))
            XCTAssertLessThan(abs(z.mean), Support.zBound, "shape \(shape) mean z \(z.mean)")
            XCTAssertLessThan(abs(z.m2), Support.zBound, "shape \(shape) variance z \(z.m2)")
            XCTAssertLessThan(abs(z.m4), Support.zBound, "shape \(shape) 4th moment z \(z.m4)")
            let distribution = try GammaDistribution(shape: shape, rate: 1)
            let d = Support.ksStatistic(sample, cdf: distribution.cdf)
            XCTAssertLessThan(d, Support.ksCritical(sampleSize: n), "shape \(shape) KS D \(d)")
        }
    }

    /// Small shapes put most mass near 0: the fraction below a tiny threshold matches P(a, x).
    func testGammaSmallShapeLowerTail() throws {
        let shape = 0.05
        let sample = gammaSample(shape: shape, seed: 77)
        for threshold in [1e-20, 1e-8, 1e-3] {
            let p = try GammaDistribution(shape: shape).cdf(threshold)
            let count = sample.filter { $0 < threshold }.count
            let z = (Double(count) - Double(n) * p) / (Double(n) * p * (1 - p)).squareRoot()
            XCTAssertLessThan(abs(z), Support.zBound, "P(X < \(threshold)) = \(p), count \(count)")
        }
    }

    /// Sequential draws from one source follow the same law (the source is what rejection
    /// samplers in the noises use directly).
    func testSourceGammaSequentialDraws() throws {
        var source = RandomStream(seed: 31, stream: 2).makeSource()
        let shape = 2.5
        let sample = (0..<n).map { _ in source.nextGamma(shape: shape) }
        let d = Support.ksStatistic(sample, cdf: try GammaDistribution(shape: shape).cdf)
        XCTAssertLessThan(d, Support.ksCritical(sampleSize: n), "KS D \(d)")
    }

    /// Central moments of BetaPrime(a, b) from its raw moments E Xᵏ = ∏_{i=1…k} (a + i − 1)/(b − i), k < b.
    static func betaPrimeCentralMoments(a: Double, b: Double) -> (mean: Double, mu2: Double, mu4: Double, mu8: Double) {
        var raw = [1.0]
        for k in 1...8 { raw.append(raw[k - 1] * (a + Double(k) - 1) / (b - Double(k))) }
        let mean = raw[1]
        func central(_ k: Int) -> Double {
            var sum = 0.0, binomial = 1.0
            for j in 0...k {
                sum += binomial * raw[j] * pow(-mean, Double(k - j))
                binomial = binomial * Double(k - j) / Double(j + 1)
            }
            return sum
        }
        return (mean, central(2), central(4), central(8))
    }

    func testBetaPrimeMomentsAndKS() throws {
        // (2, 12): all moments used exist (b > 8). (0.5, 4), (1.5, 0.8): heavy tails, KS only.
        // (3072, 10): the PowInf noise's BetaPrime(d, a − d) at d = 3072, a = d + 10.
        let cases: [(a: Double, b: Double, moments: Bool)] = [(2, 12, true), (0.5, 4, false), (1.5, 0.8, false), (3072, 10, false)]
        for (index, c) in cases.enumerated() {
            var sample = [Double](repeating: .nan, count: n)
            sample.withUnsafeMutableBufferPointer {
                Samplers.fillBetaPrime($0, a: c.a, b: c.b, stream: RandomStream(seed: 2000 + UInt64(index)), threads: 2)
            }
            XCTAssertTrue(sample.allSatisfy { $0 >= 0 && !$0.isNaN }, "(\(c.a), \(c.b))")
            if c.moments {
                let m = Self.betaPrimeCentralMoments(a: c.a, b: c.b)
                let z = Support.momentZScores(sample, mean: m.mean, mu2: m.mu2, mu4: m.mu4, mu8: m.mu8)
                XCTAssertLessThan(abs(z.mean), Support.zBound, "(\(c.a), \(c.b)) mean z \(z.mean)")
                XCTAssertLessThan(abs(z.m2), Support.zBound, "(\(c.a), \(c.b)) variance z \(z.m2)")
                XCTAssertLessThan(abs(z.m4), Support.zBound, "(\(c.a), \(c.b)) 4th moment z \(z.m4)")
            }
            let distribution = try BetaPrimeDistribution(a: c.a, b: c.b)
            let d = Support.ksStatistic(sample, cdf: distribution.cdf)
            XCTAssertLessThan(d, Support.ksCritical(sampleSize: n), "(\(c.a), \(c.b)) KS D \(d)")
        }
    }

    /// Tiny shapes: half of the Gamma(0.001) draws underflow to 0, yet the ratio (formed in
    /// logs) is never NaN, and P(X < 1) = I_{1/2}(a, b) = ½ for a = b.
    func testBetaPrimeTinyShapesNeverNaN() {
        var source = RandomStream(seed: 8).makeSource()
        let draws = (0..<20_000).map { _ in source.nextBetaPrime(a: 0.001, b: 0.001) }
        XCTAssertFalse(draws.contains { $0.isNaN })
        let below = draws.filter { $0 < 1 }.count
        let z = (Double(below) - 10_000) / (20_000 * 0.25).squareRoot()
        XCTAssertLessThan(abs(z), Support.zBound, "below 1: \(below)")
    }

    /// The closed form for the raw moments is checked once against numbers worked by hand:
    /// BetaPrime(2, 12) has mean 2/11 and variance a(a + b − 1)/((b − 2)(b − 1)²) = 26/1210.
    func testBetaPrimeMomentHelper() {
        let m = Self.betaPrimeCentralMoments(a: 2, b: 12)
        XCTAssertEqual(m.mean, 2.0 / 11.0, accuracy: 1e-15)
        XCTAssertEqual(m.mu2, 26.0 / 1210.0, accuracy: 1e-15)
    }
}
