import XCTest
import RS4A

/// Smoothed probabilities and certificates against closed forms.
///
/// Half-space classifiers f(x) = [w·x > b] have P[f(x + δ) = 1] in closed form:
/// Φ((w·x − b)/(σ‖w‖)) under Gaussian noise, and (x₀ + λ)/(2λ) (clamped to [0, 1]) under
/// Uniform noise on [−λ, λ]^d for w = e₀, b = 0. Estimates from n draws must lie within 5
/// binomial standard deviations √(p(1 − p)/n) of the closed form (a false alarm has
/// probability < 6·10⁻⁷ per check; a wrong sampler, wrong counting or wrong stream gives errors
/// of many deviations).
final class SmoothingClosedFormTests: XCTestCase {
    func testHardFrequenciesMatchGaussianClosedForm() throws {
        let sigma = 0.8
        let noise = try GaussianNoise(dim: 4, sigma: sigma)
        let f = HalfSpaceClassifier(w: [0.6, 0.8, 0, 0], b: 0.1)  // ‖w‖ = 1
        let margins = [-1.0, 0.0, 0.3, 0.8, 1.6]
        // Inputs x = t·w with w·x − b = margin.
        let x = margins.flatMap { m in f.w.map { Float((m + 0.1)) * $0 } }
        let n = 20_000
        let probs = try smoothPredictHard(f, x, noise: noise, samples: n, options: smoothing())
        for (i, m) in margins.enumerated() {
            let p = normalCDF(m / sigma)
            let tolerance = 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-4  // + Float32 rounding of x
            XCTAssertEqual(probs[i][1], p, accuracy: tolerance, "margin \(m)")
            XCTAssertEqual(probs[i][0] + probs[i][1], 1, accuracy: 1e-12)
        }
    }

    func testHardFrequenciesMatchUniformClosedForm() throws {
        let noise = try UniformNoise(dim: 3, lambd: 1.0)
        let f = HalfSpaceClassifier(w: [1, 0, 0], b: 0)
        let offsets: [Float] = [-0.5, 0, 0.25, 0.9, 1.5]
        let x: [Float] = offsets.flatMap { [$0, 0.3, -0.7] }
        let n = 20_000
        let probs = try smoothPredictHard(f, x, noise: noise, samples: n, options: smoothing(seed: 7))
        for (i, x0) in offsets.enumerated() {
            let p = min(1, max(0, (Double(x0) + 1) / 2))
            XCTAssertEqual(probs[i][1], p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-6, "x0 = \(x0)")
        }
    }

    func testSoftPredictionOfConstantLogitsIsTheirSoftmax() throws {
        let f = ConstantClassifier(values: [1, -2, 0.5], inputDimension: 2)
        let noise = try GaussianNoise(dim: 2, sigma: 1)
        let probs = try smoothPredictSoft(f, [0, 0, 1, 1], noise: noise, samples: 100, options: smoothing())
        let e = f.values.map { exp(Double($0)) }
        for row in probs { for j in 0..<3 { XCTAssertEqual(row[j], e[j] / e.reduce(0, +), accuracy: 1e-12) } }
    }

    func testSoftWithOneHotLogitsEqualsHard() throws {
        // Same draws (same seed and purpose), softmax saturated: the two predictions coincide.
        let f = HalfSpaceClassifier(w: [1, 1], b: 0, scale: 1e6)
        let noise = try GaussianNoise(dim: 2, sigma: 1)
        let x: [Float] = [0.3, 0.2, -1, 0.4]
        let hard = try smoothPredictHard(f, x, noise: noise, samples: 3000, options: smoothing())
        let soft = try smoothPredictSoft(f, x, noise: noise, samples: 3000, options: smoothing())
        for i in 0..<2 { XCTAssertEqual(hard[i][1], soft[i][1], accuracy: 1e-9) }
    }

    /// Gaussian ℓ2: the certified radius must never exceed the distance to the decision boundary
    /// of the smoothed classifier, which for a half-space is the boundary itself (|w·x − b|/‖w‖);
    /// and a point moved towards the boundary by just under the radius keeps the prediction
    /// (closed form P > ½). Holds for every input unless a bound fails (probability ≤ α each).
    func testGaussianL2RadiiAreNeverViolated() throws {
        let sigma = 0.5
        let noise = try GaussianNoise(dim: 2, sigma: sigma)
        let f = HalfSpaceClassifier(w: [0.8, -0.6], b: 0.2)
        let margins = stride(from: -1.2, through: 1.2, by: 0.15).map { $0 }
        let x = margins.flatMap { m in [Float(0.8 * (m + 0.2)), Float(-0.6 * (m + 0.2))] }
        let results = try certify(f, x, noise: noise, n0: 100, n: 5000, alpha: 0.001, adv: 2, options: smoothing(seed: 3))
        var certifiedCount = 0
        for (m, r) in zip(margins, results) {
            guard let c = r.predictedClass else { XCTAssertEqual(r.radius, 0); continue }
            certifiedCount += 1
            XCTAssertEqual(c, m > 0 ? 1 : 0, "margin \(m)")
            XCTAssertLessThanOrEqual(r.radius, abs(m) + 1e-6, "margin \(m): radius beyond the boundary")
            let moved = abs(m) - 0.999 * r.radius  // worst-case move towards the boundary
            XCTAssertGreaterThan(normalCDF(moved / sigma), 0.5)
            XCTAssertEqual(r.radius, sigma * (try NormalDistribution()).ppf(r.rhoLowerBound), accuracy: 1e-9)
        }
        XCTAssertGreaterThan(certifiedCount, margins.count / 2)  // margins ≥ 0.3 certify easily at n = 5000
    }

    /// Uniform ℓ1 and ℓ∞ certificates for f = [x₀ > 0]: the true robust radius of the smoothed
    /// classifier (ℓ1 and ℓ∞ alike) is |x₀| for |x₀| < λ, and the ℓ1 certificate 2λ(ρ − ½) is
    /// tight there, so any overestimate of ρ shows up as a violation.
    func testUniformL1AndLinfRadiiAreNeverViolated() throws {
        let lambda = 1.0
        let noise = try UniformNoise(dim: 3, lambd: lambda)
        let f = HalfSpaceClassifier(w: [1, 0, 0], b: 0)
        let offsets = stride(from: -0.9, through: 0.9, by: 0.1).map { $0 }
        let x: [Float] = offsets.flatMap { [Float($0), 0.5, 0.5] }
        for adv in [1.0, .infinity] {
            let results = try certify(f, x, noise: noise, n0: 64, n: 4000, alpha: 0.001, adv: adv, options: smoothing(seed: 11))
            for (x0, r) in zip(offsets, results) {
                guard let c = r.predictedClass else { continue }
                XCTAssertEqual(c, x0 > 0 ? 1 : 0, "x0 = \(x0)")
                XCTAssertLessThanOrEqual(r.radius, abs(x0) + 1e-6, "x0 = \(x0), adv \(adv)")
            }
            XCTAssertNil(results[9].predictedClass, "x0 = 0: p = ½ exactly, must abstain")
        }
    }
}
