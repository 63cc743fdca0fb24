// Shared helpers for the Random*Tests: drawing samples, moment z-scores and the
// Kolmogorov–Smirnov statistic.
import Foundation
import RS4ANumerics

enum RandomTestSupport {
    /// |z| bound for every moment check: a correct sampler exceeds it with probability
    /// 2·Φ(−5) ≈ 5.7e-7 per check (the z-scores are asymptotically normal by the CLT; each
    /// estimator has a finite variance because the needed higher moments are finite).
    static let zBound = 5.0

    /// KS level: the one-term Kolmogorov asymptotic critical value
    /// √(−½ ln(α/2)) / √n, 1.9495/√n for α = 0.001.
    static let ksAlpha = 0.001

    static func ksCritical(sampleSize n: Int) -> Double {
        (-0.5 * Foundation.log(ksAlpha / 2)).squareRoot() / Double(n).squareRoot()
    }

    /// Kolmogorov–Smirnov statistic sup |F_n − F| of a sample against a continuous CDF.
    static func ksStatistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        return d
    }

    /// Z-scores of the sample mean and of the sample's 2nd and 4th central moments about the
    /// true mean, given the true central moments μ2, μ4 and μ8 (μ3 is not needed because the
    /// estimators use the true mean):
    ///   mean:  (x̄ − μ) / √(μ2/n),
    ///   m2:    (mean (x−μ)² − μ2) / √((μ4 − μ2²)/n),
    ///   m4:    (mean (x−μ)⁴ − μ4) / √((μ8 − μ4²)/n).
    static func momentZScores(_ sample: [Double], mean mu: Double, mu2: Double, mu4: Double,
                              mu8: Double) -> (mean: Double, m2: Double, m4: Double) {
        let n = Double(sample.count)
        var s1 = 0.0, s2 = 0.0, s4 = 0.0
        for x in sample {
            let c = x - mu
            let c2 = c * c
            s1 += c
            s2 += c2
            s4 += c2 * c2
        }
        let zMean = (s1 / n) / (mu2 / n).squareRoot()
        let zM2 = (s2 / n - mu2) / ((mu4 - mu2 * mu2) / n).squareRoot()
        let zM4 = (s4 / n - mu4) / ((mu8 - mu4 * mu4) / n).squareRoot()
        return (zMean, zM2, zM4)
    }

    /// Central moments μ2, μ4, μ8 of Gamma(a, 1) from its cumulants κ_k = (k−1)!·a:
    /// μ4 = 3a² + 6a, μ8 = 105a⁴ + 2380a³ + 7308a² + 5040a (a = 1 gives the exponential's 1, 9, 14833).
    static func gammaCentralMoments(shape a: Double) -> (mu2: Double, mu4: Double, mu8: Double) {
        (a, 3 * a * a + 6 * a, ((105 * a + 2380) * a + 7308) * a * a + 5040 * a)
    }

    /// A Float32 fill converted to Double.
    static func draw(_ count: Int, offset: UInt64 = 0, threads: Int = 1,
                     _ fill: (UnsafeMutableBufferPointer<Float>, UInt64, Int) -> Void) -> [Double] {
        var buffer = [Float](repeating: .nan, count: count)
        buffer.withUnsafeMutableBufferPointer { fill($0, offset, threads) }
        return buffer.map(Double.init)
    }

    /// The raw Float32 fill, for bit-exact comparisons.
    static func drawFloats(_ count: Int, offset: UInt64 = 0, threads: Int = 1,
                           _ fill: (UnsafeMutableBufferPointer<Float>, UInt64, Int) -> Void) -> [Float] {
        var buffer = [Float](repeating: .nan, count: count)
        buffer.withUnsafeMutableBufferPointer { fill($0, offset, threads) }
        return buffer
    }

    /// The Philox word a bulk sampler uses for stream element `index` (documented lane layout).
    static func word(of stream: RandomStream, element index: UInt64) -> UInt32 {
        let location = LaneLayout.location(ofElement: index)
        return stream.block(location.block)[location.word]
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
