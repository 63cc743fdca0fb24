import Foundation
import RS4ANoises
import RS4ANumerics
import XCTest

/// The empirical per-coordinate RMS of 10⁴ noise vectors at d = 3072, σ = 1, is within 1% of σ.
///
/// Statistic: σ̂ = √(Σ δ² / (n·d)) pooled over all n = 10⁴ vectors and d coordinates (3·10⁷ values).
/// Why 1% is a meaningful test at this size: for the radial noises σ̂² is the mean over vectors
/// of R²·‖u‖²/d; its relative standard error is sd(R²)/E(R²)/√n, at most 0.85/100 for PowInf
/// with a = d + 10 (R ~ BetaPrime(d, 10): E R⁴/(E R²)² − 1 = 72²/3024 − 1 = 0.71), so 1% in σ
/// (≈ 2% in σ²) is ≥ 2.4 standard errors there and ≥ 10 for every other grid point.
/// Pareto(a = 3) has E δ⁴ = ∞: Σδ² has stable(3/2) fluctuations of size (n d)^(2/3), i.e.
/// ≈ 0.3% relative, with a heavy upper tail — P(σ̂ > 1.01σ) ≈ (n d)^(−1/2)·0.02^(−3/2) ≈ 6%
/// for a given seed. It stays in the test at 1% with the fixed seed chosen before running;
/// a failure there would need another look rather than a looser bound.
/// Expp(p = 0.2): δ² = λ²G^10, G ~ Gamma(5): E δ⁴/(E δ²)² ≈ 1960, relative SE of σ̂² ≈ √(1960/(3·10⁷)) = 0.8%.
final class NoiseSigmaTests: XCTestCase {
    let d = TestSupport.d
    let n = 10_000
    let seed: UInt64 = 20_260_501

    func empiricalSigma(_ noise: any Noise, stream: RandomStream) throws -> Double {
        let rowsPerBatch = 500
        var buffer = [Float](repeating: 0, count: rowsPerBatch * d)
        var sum = 0.0
        for batch in 0..<(n / rowsPerBatch) {
            for i in buffer.indices { buffer[i] = 0 }
            try buffer.withUnsafeMutableBufferPointer {
                try noise.sample($0, stream: stream, firstRow: UInt64(batch * rowsPerBatch))
            }
            var s = 0.0
            for v in buffer { s += Double(v) * Double(v) }
            sum += s
        }
        return (sum / Double(n * d)).squareRoot()
    }

    func check(_ noises: [any Noise], file: StaticString = #filePath, line: UInt = #line) throws {
        for (index, noise) in noises.enumerated() {
            XCTAssertEqual(noise.sigma, 1, accuracy: 1e-12, file: file, line: line)
            let s = try empiricalSigma(noise, stream: RandomStream(seed: seed, stream: UInt64(index)))
            XCTAssertEqual(s, 1, accuracy: 0.01, "\(noise): empirical σ = \(s)", file: file, line: line)
        }
    }

    func testIIDNoises() throws {
        try check([try UniformNoise(dim: d, sigma: 1), try GaussianNoise(dim: d, sigma: 1),
                   try LaplaceNoise(dim: d, sigma: 1), try UniformBallNoise(dim: d, sigma: 1)])
        try check(try [3.0, 10, 100, 1000].map { try ParetoNoise(dim: d, sigma: 1, a: $0) })
        try check(try [0.2, 0.5, 1, 2, 4, 8].map { try ExppNoise(dim: d, sigma: 1, p: $0) })
    }

    func testExpInf() throws {
        var noises: [any Noise] = []
        for k in [1.0, 2, 10, 50] { for j in [0.0, 1, 10, 100, 1000] { noises.append(try ExpInfNoise(dim: d, sigma: 1, k: k, j: j)) } }
        try check(noises)
    }

    func testExp1AndPowInf() throws {
        try check(try [1.0, 2, 10, 20].map { try Exp1Noise(dim: d, sigma: 1, k: $0) })
        try check(try [10.0, 100, 1000].map { try PowInfNoise(dim: d, sigma: 1, a: Double(d) + $0) })
    }

    func testExp2() throws {
        var noises: [any Noise] = []
        for k in [1.0, 2, 10, 100] { for j in [0.0, 1, 10, 100, 1000] { noises.append(try Exp2Noise(dim: d, sigma: 1, k: k, j: j)) } }
        try check(noises)
    }

    func testPow2() throws {
        var noises: [any Noise] = []
        for k in [1.0, 2, 10, 100] { for extra in [10.0, 100, 1000] { noises.append(try Pow2Noise(dim: d, sigma: 1, k: k, a: (Double(d) + extra) / k)) } }
        try check(noises)
    }
}
