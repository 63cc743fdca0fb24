// Distribution tests of the Float32 samplers with fixed seeds: moments (z-scores bounded by
// RandomTestSupport.zBound = 5) and the Kolmogorov–Smirnov statistic against the exact CDF
// (below the α = 0.001 critical value), plus targeted checks of tails and pairing.
import Foundation
import RS4ANumerics
import XCTest

final class RandomDistributionTests: XCTestCase {
    typealias Support = RandomTestSupport
    let n = 1 << 21

    func assertMoments(_ sample: [Double], mean: Double, mu2: Double, mu4: Double, mu8: Double,
                       _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let z = Support.momentZScores(sample, mean: mean, mu2: mu2, mu4: mu4, mu8: mu8)
        XCTAssertLessThan(abs(z.mean), Support.zBound, "\(label) mean z = \(z.mean)", file: file, line: line)
        XCTAssertLessThan(abs(z.m2), Support.zBound, "\(label) 2nd central moment z = \(z.m2)", file: file, line: line)
        XCTAssertLessThan(abs(z.m4), Support.zBound, "\(label) 4th central moment z = \(z.m4)", file: file, line: line)
    }

    func assertKS(_ sample: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line,
                  cdf: (Double) -> Double) {
        let d = Support.ksStatistic(sample, cdf: cdf)
        let critical = Support.ksCritical(sampleSize: sample.count)
        XCTAssertLessThan(d, critical, "\(label) KS D = \(d), critical \(critical)", file: file, line: line)
    }

    /// |observed − expected count| / binomial standard deviation.
    func binomialZ(count: Int, trials: Int, p: Double) -> Double {
        (Double(count) - Double(trials) * p) / (Double(trials) * p * (1 - p)).squareRoot()
    }

    func testUniform() {
        let low = -2.0, high = 3.0, width = high - low
        let stream = RandomStream(seed: 101, stream: 0)
        let sample = Support.draw(n, offset: 12_345, threads: 2) { out, offset, threads in
            Samplers.fillUniform(out, low: Float(low), high: Float(high), stream: stream, offset: offset, threads: threads)
        }
        XCTAssertGreaterThanOrEqual(sample.min() ?? .nan, low)
        XCTAssertLessThan(sample.max() ?? .nan, high)
        // Central moments of U(low, high): w²/12, w⁴/80, w⁸/2304.
        assertMoments(sample, mean: (low + high) / 2, mu2: pow(width, 2) / 12, mu4: pow(width, 4) / 80,
                      mu8: pow(width, 8) / 2304, "uniform")
        assertKS(sample, "uniform") { x in min(max((x - low) / width, 0), 1) }
    }

    func testNormal() {
        let mean = 1.5, std = 2.0
        let stream = RandomStream(seed: 202, stream: 5)
        let sample = Support.draw(n, offset: 77, threads: 2) { out, offset, threads in
            Samplers.fillNormal(out, mean: Float(mean), std: Float(std), stream: stream, offset: offset, threads: threads)
        }
        assertMoments(sample, mean: mean, mu2: pow(std, 2), mu4: 3 * pow(std, 4), mu8: 105 * pow(std, 8), "normal")
        assertKS(sample, "normal") { x in Support.normalCDF((x - mean) / std) }
        // Tails beyond 3σ and 4σ (P = 2.6998e-3 and 6.3342e-5).
        let beyond3 = sample.filter { abs($0 - mean) > 3 * std }.count
        let beyond4 = sample.filter { abs($0 - mean) > 4 * std }.count
        XCTAssertLessThan(abs(binomialZ(count: beyond3, trials: n, p: 2.699_796_063e-3)), Support.zBound, "3σ tail \(beyond3)")
        XCTAssertLessThan(abs(binomialZ(count: beyond4, trials: n, p: 6.334_248_366e-5)), Support.zBound, "4σ tail \(beyond4)")
    }

    /// Box–Muller partners (elements j and 16 + j of a group) are uncorrelated, and
    /// x² + y² is exponential with mean 2; neighbouring elements are uncorrelated too.
    func testNormalPairsAndNeighbours() {
        let stream = RandomStream(seed: 303, stream: 1)
        let sample = Support.draw(n) { out, offset, _ in
            Samplers.fillNormal(out, mean: 0, std: 1, stream: stream, offset: offset)
        }
        var partnerProducts = 0.0, neighbourProducts = 0.0
        var radii: [Double] = []
        radii.reserveCapacity(n / 2)
        for group in stride(from: 0, to: n, by: 64) {
            for half in [0, 32] {
                for j in 0..<16 {
                    let x = sample[group + half + j], y = sample[group + half + 16 + j]
                    partnerProducts += x * y
                    radii.append(x * x + y * y)
                }
            }
        }
        for i in 0..<(n - 1) { neighbourProducts += sample[i] * sample[i + 1] }
        // E[xy] = 0 and Var[xy] = 1 for independent standard normals.
        let pairs = Double(n / 2)
        XCTAssertLessThan(abs(partnerProducts / pairs.squareRoot()), Support.zBound, "partner correlation")
        XCTAssertLessThan(abs(neighbourProducts / Double(n - 1).squareRoot()), Support.zBound, "neighbour correlation")
        assertKS(radii, "x² + y²") { s in -expm1(-max(s, 0) / 2) }
    }

    func testExponential() {
        let scale = 0.7
        let stream = RandomStream(seed: 404, stream: 2)
        let sample = Support.draw(n, offset: 1 << 33, threads: 2) { out, offset, threads in
            Samplers.fillExponential(out, scale: Float(scale), stream: stream, offset: offset, threads: threads)
        }
        XCTAssertGreaterThanOrEqual(sample.min() ?? .nan, 0)
        let m = Support.gammaCentralMoments(shape: 1)
        assertMoments(sample, mean: scale, mu2: m.mu2 * pow(scale, 2), mu4: m.mu4 * pow(scale, 4),
                      mu8: m.mu8 * pow(scale, 8), "exponential")
        assertKS(sample, "exponential") { x in -expm1(-max(x, 0) / scale) }
        // Tail beyond 10 scales: P = e⁻¹⁰.
        let far = sample.filter { $0 > 10 * scale }.count
        XCTAssertLessThan(abs(binomialZ(count: far, trials: n, p: exp(-10))), Support.zBound, "tail \(far)")
    }

    func testLaplace() {
        let loc = -1.0, scale = 1.5
        let stream = RandomStream(seed: 505, stream: 3)
        let sample = Support.draw(n, offset: 3, threads: 2) { out, offset, threads in
            Samplers.fillLaplace(out, loc: Float(loc), scale: Float(scale), stream: stream, offset: offset, threads: threads)
        }
        // Central moments of Laplace(b): E x^(2k) = (2k)!·b^(2k).
        assertMoments(sample, mean: loc, mu2: 2 * pow(scale, 2), mu4: 24 * pow(scale, 4), mu8: 40320 * pow(scale, 8), "laplace")
        assertKS(sample, "laplace") { x in
            x < loc ? 0.5 * exp((x - loc) / scale) : 1 - 0.5 * exp(-(x - loc) / scale)
        }
        let below = sample.filter { $0 < loc }.count
        XCTAssertLessThan(abs(binomialZ(count: below, trials: n, p: 0.5)), Support.zBound, "sign balance")
        let far = sample.filter { abs($0 - loc) > 8 * scale }.count
        XCTAssertLessThan(abs(binomialZ(count: far, trials: n, p: exp(-8))), Support.zBound, "tail \(far)")
    }

    /// One coordinate of Dirichlet(1, …, 1) with k components is Beta(1, k − 1):
    /// CDF 1 − (1 − x)^(k−1), mean 1/k, variance (k − 1)/(k²(k + 1)).
    func testDirichletOnesMarginalAndSimplex() {
        let k = 5, vectors = 200_000
        let stream = RandomStream(seed: 606, stream: 4)
        var vector = [Float](repeating: 0, count: k)
        var coordinate: [Double] = []
        coordinate.reserveCapacity(vectors)
        for v in 0..<vectors {
            vector.withUnsafeMutableBufferPointer {
                Samplers.fillDirichletOnes($0, stream: stream, offset: UInt64(v * k))
            }
            XCTAssertTrue(vector.allSatisfy { $0 >= 0 })
            // Each out_k has relative error ≤ 2⁻²⁴ from the final rounding, so |Σ − 1| ≤ 2⁻²⁴ + Double error.
            XCTAssertEqual(vector.reduce(0.0) { $0 + Double($1) }, 1, accuracy: 1e-7)
            coordinate.append(Double(vector[v % k]))          // one coordinate per vector, position varies
        }
        let mean = coordinate.reduce(0, +) / Double(vectors)
        let variance = Double(k - 1) / Double(k * k * (k + 1))
        XCTAssertLessThan(abs(mean - 1 / Double(k)) / (variance / Double(vectors)).squareRoot(), Support.zBound)
        assertKS(coordinate, "Dirichlet marginal") { x in 1 - pow(1 - min(max(x, 0), 1), Double(k - 1)) }
    }

    func testDirichletOnesLargeDimension() {
        let d = 3072
        var vector = [Float](repeating: 0, count: d)
        vector.withUnsafeMutableBufferPointer {
            Samplers.fillDirichletOnes($0, stream: RandomStream(seed: 707), offset: 100)
        }
        XCTAssertEqual(vector.reduce(0.0) { $0 + Double($1) }, 1, accuracy: 1e-7)
        // d·x_i are (nearly) Exp(1): their KS against the exponential CDF at n = 3072.
        assertKS(vector.map { Double($0) * Double(d) }, "d·Dirichlet") { x in -expm1(-max(x, 0)) }
        // A single coordinate is exactly 1; an empty buffer is left alone.
        var one: [Float] = [0]
        one.withUnsafeMutableBufferPointer { Samplers.fillDirichletOnes($0, stream: RandomStream(seed: 1)) }
        XCTAssertEqual(one, [1])
        var empty: [Float] = []
        empty.withUnsafeMutableBufferPointer { Samplers.fillDirichletOnes($0, stream: RandomStream(seed: 1)) }
        XCTAssertEqual(empty, [])
    }
}
