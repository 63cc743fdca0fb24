import Foundation
import RS4ANoises
import RS4ANumerics
import XCTest

/// The sampled shapes: the norm that defines each spherical noise has the law the spec gives
/// it (Kolmogorov–Smirnov against RS4ANumerics' CDFs, n = 2000 vectors, critical value at
/// α = 0.001: 1.95/√n ≈ 0.044), uniform-ball samples lie in the ball, and batch splits or
/// thread counts do not change a single bit.
final class NoiseShapeTests: XCTestCase {
    let d = TestSupport.d
    let n = 2000

    func vectors(_ noise: any Noise, seed: UInt64) throws -> [[Float]] {
        let flat = try noise.sampleNoise(rows: n, stream: RandomStream(seed: seed))
        return (0..<n).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) }
    }

    func ks(_ values: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = values.sorted()
        var worst = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            worst = max(worst, abs(f - Double(i) / Double(sorted.count)), abs(Double(i + 1) / Double(sorted.count) - f))
        }
        return worst
    }

    func assertKS(_ values: [Double], _ cdf: (Double) -> Double, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let stat = ks(values, cdf: cdf)
        XCTAssertLessThan(stat, 1.95 / Double(values.count).squareRoot(), "\(label): KS = \(stat)", file: file, line: line)
    }

    func linf(_ v: [Float]) -> Double { Double(v.map { abs($0) }.max() ?? 0) }
    func l2(_ v: [Float]) -> Double { v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
    func l1(_ v: [Float]) -> Double { v.reduce(0.0) { $0 + Double(abs($1)) } }

    func testExpInfSupNormIsGammaRadius() throws {
        for (k, j) in [(1.0, 0.0), (10.0, 100.0)] {
            let noise = try ExpInfNoise(dim: d, lambd: 0.5, k: k, j: j)
            let law = try GammaDistribution(shape: (Double(d) - j) / k)
            let u = try vectors(noise, seed: 11).map { pow(linf($0) / noise.lambd, k) }
            assertKS(u, law.cdf, "ExpInf(k=\(k), j=\(j)) (‖δ‖∞/λ)^k ~ Gamma((d−j)/k)")
        }
    }

    func testExp2L2NormIsGammaRadius() throws {
        for (k, j) in [(1.0, 0.0), (2.0, 1000.0)] {
            let noise = try Exp2Noise(dim: d, lambd: 2, k: k, j: j)
            let law = try GammaDistribution(shape: (Double(d) - j) / k)
            let u = try vectors(noise, seed: 12).map { pow(l2($0) / noise.lambd, k) }
            assertKS(u, law.cdf, "Exp2(k=\(k), j=\(j)) (‖δ‖₂/λ)^k ~ Gamma((d−j)/k)")
        }
    }

    func testExp1L1NormIsGammaRadius() throws {
        let noise = try Exp1Noise(dim: d, lambd: 1, k: 2)
        let law = try GammaDistribution(shape: Double(d) / 2)
        let u = try vectors(noise, seed: 13).map { pow(l1($0) / noise.lambd, 2) }
        assertKS(u, law.cdf, "Exp1(k=2) (‖δ‖₁/λ)^k ~ Gamma(d/k)")
    }

    func testPowerNoisesHaveBetaPrimeRadius() throws {
        let a = Double(d) + 10
        let powInf = try PowInfNoise(dim: d, lambd: 1, a: a)
        let lawInf = try BetaPrimeDistribution(a: Double(d), b: a - Double(d))
        assertKS(try vectors(powInf, seed: 14).map { linf($0) / powInf.lambd }, lawInf.cdf, "PowInf ‖δ‖∞/λ ~ BetaPrime(d, a−d)")
        let pow2 = try Pow2Noise(dim: d, lambd: 1, k: 2, a: (Double(d) + 100) / 2)
        let law2 = try BetaPrimeDistribution(a: Double(d) / 2, b: pow2.a - Double(d) / 2)
        assertKS(try vectors(pow2, seed: 15).map { pow(l2($0) / pow2.lambd, 2) }, law2.cdf, "Pow2(k=2) (‖δ‖₂/λ)^k ~ BetaPrime(d/k, a−d/k)")
    }

    func testUniformBallIsInsideTheBallWithUniformRadius() throws {
        let noise = try UniformBallNoise(dim: d, lambd: 3)
        let norms = try vectors(noise, seed: 16).map { l2($0) / noise.lambd }
        XCTAssertLessThanOrEqual(norms.max() ?? 2, 1 + 1e-5)  // Float32 rounding of the coordinates only
        assertKS(norms.map { pow(min($0, 1), Double(d)) }, { min(max($0, 0), 1) }, "UniformBall (‖δ‖₂/λ)^d ~ U(0, 1)")
    }

    func testUniformAndCubeSurfaceSupport() throws {
        let uniform = try UniformNoise(dim: d, lambd: 0.25)
        for v in try vectors(uniform, seed: 17).prefix(100) { XCTAssertLessThanOrEqual(linf(v), 0.25) }
        // ExpInf direction u∞: exactly one coordinate at ±‖δ‖∞ (the chosen face).
        let expInf = try ExpInfNoise(dim: d, lambd: 1)
        for v in try vectors(expInf, seed: 18).prefix(100) {
            let m = Float(linf(v))
            XCTAssertEqual(v.filter { abs($0) == m }.count, 1)
        }
    }

    func testBatchSplitsAndThreadCountsGiveIdenticalNoise() throws {
        for noise: any Noise in [try ExpInfNoise(dim: 257, sigma: 1, k: 2, j: 3), try GaussianNoise(dim: 257, sigma: 1),
                                 try ExppNoise(dim: 257, sigma: 1, p: 0.5), try Pow2Noise(dim: 257, sigma: 1)] {
            let stream = RandomStream(seed: 99, stream: 5)
            let x = (0..<(7 * 257)).map { Float($0 % 13) * 0.1 }
            let whole = try noise.sample(x, stream: stream, threads: 1)
            let first = try noise.sample(Array(x[0..<(3 * 257)]), stream: stream, firstRow: 0, threads: 2)
            let second = try noise.sample(Array(x[(3 * 257)...]), stream: stream, firstRow: 3, threads: 2)
            XCTAssertEqual(whole, first + second, "\(noise)")
            var out = [Float](repeating: 0, count: x.count)
            try x.withUnsafeBufferPointer { src in
                try out.withUnsafeMutableBufferPointer { try noise.sample(src, into: $0, stream: stream, threads: 3) }
            }
            XCTAssertEqual(out, whole)
            XCTAssertNotEqual(try noise.sample(x, stream: RandomStream(seed: 100, stream: 5)), whole)
        }
        TestSupport.assertThrows(["multiple of dim"]) { try GaussianNoise(dim: 10, sigma: 1).sample([Float](repeating: 0, count: 15), stream: RandomStream(seed: 1)) }
    }
}
