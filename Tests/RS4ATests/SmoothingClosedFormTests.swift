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
    /// of the smoothed classifier, which for a half-space is the boundary itself (|w·x − b|/‖w‖,
    /// the exact radius σΦ⁻¹(p) for p = Φ(|m|/σ)). Holds for every input unless a bound fails
    /// (probability ≤ α each). And it must not fall short of the exact radius by more than
    /// the estimate's spread: with probability ≥ 1 − 10⁻⁶ the count of the top class is at least
    /// K_low = Bin(n, p).ppf(10⁻⁶), so ρ ≥ CP(K_low) and the radius ≥ σΦ⁻¹(CP(K_low)). A
    /// needlessly loose certificate (e.g. the two-sided bound, or a wrong σ/λ scale) fails that.
    func testGaussianL2RadiiAreNeverViolated() throws {
        let sigma = 0.5, n0 = 100, n = 5000, alpha = 0.001
        let noise = try GaussianNoise(dim: 2, sigma: sigma)
        let f = HalfSpaceClassifier(w: [0.8, -0.6], b: 0.2)
        let margins = stride(from: -1.2, through: 1.2, by: 0.15).map { $0 }
        let x = margins.flatMap { m in [Float(0.8 * (m + 0.2)), Float(-0.6 * (m + 0.2))] }
        let results = try certify(f, x, noise: noise, n0: n0, n: n, alpha: alpha, adv: 2, options: smoothing(seed: 3))
        let normal = try NormalDistribution()
        var certifiedCount = 0, surelyCertified = 0
        for (m, r) in zip(margins, results) {
            let p = normalCDF(abs(m) / sigma)  // probability of the correct class
            let expected = try likelyCertification(p: p, topIsClassZero: m <= 0, n0: n0, n: n, alpha: alpha)
            if let rhoMin = expected {
                surelyCertified += 1
                XCTAssertNotNil(r.predictedClass, "margin \(m): certified with probability ≥ 1 − 2·10⁻⁶")
                // + 1e-6: x is rounded to Float32, which moves the margin by ~1e-7.
                XCTAssertGreaterThanOrEqual(r.radius + 1e-6, sigma * normal.ppf(rhoMin), "margin \(m): radius too small")
            }
            guard let c = r.predictedClass else { XCTAssertEqual(r.radius, 0); continue }
            certifiedCount += 1
            XCTAssertEqual(c, m > 0 ? 1 : 0, "margin \(m)")
            XCTAssertLessThanOrEqual(r.radius, abs(m) + 1e-6, "margin \(m): radius beyond the boundary")
            XCTAssertEqual(r.radius, sigma * normal.ppf(r.rhoLowerBound), accuracy: 1e-9)
        }
        XCTAssertGreaterThanOrEqual(surelyCertified, 10)  // 13 (|m| ≥ 0.45, and m = −0.3): not vacuous
        XCTAssertGreaterThanOrEqual(certifiedCount, surelyCertified)
    }

    /// Uniform ℓ1 and ℓ∞ certificates for f = [x₀ > 0]: the true robust radius of the smoothed
    /// classifier (ℓ1 and ℓ∞ alike) is |x₀| for |x₀| < λ, and the ℓ1 certificate 2λ(ρ − ½) is
    /// tight there, so any overestimate of ρ shows up as a violation. Inputs certified with
    /// probability ≥ 1 − 2·10⁻⁶ (computed from the exact binomials: |x₀| ≥ 0.6 here) must be
    /// certified, so the test cannot pass with every input abstaining.
    func testUniformL1AndLinfRadiiAreNeverViolated() throws {
        let lambda = 1.0, n0 = 64, n = 4000, alpha = 0.001
        let noise = try UniformNoise(dim: 3, lambd: lambda)
        let f = HalfSpaceClassifier(w: [1, 0, 0], b: 0)
        let offsets = stride(from: -0.9, through: 0.9, by: 0.1).map { $0 }
        let x: [Float] = offsets.flatMap { [Float($0), 0.5, 0.5] }
        let sure = try offsets.map { x0 in
            try likelyCertification(p: (1 + abs(x0) / lambda) / 2, topIsClassZero: x0 <= 0, n0: n0, n: n, alpha: alpha) != nil
        }
        XCTAssertGreaterThanOrEqual(sure.filter { $0 }.count, 6)  // 7: |x₀| ≥ 0.6 (the stride stops before 0.9)
        for adv in [1.0, .infinity] {
            let results = try certify(f, x, noise: noise, n0: n0, n: n, alpha: alpha, adv: adv, options: smoothing(seed: 11))
            for ((x0, r), mustCertify) in zip(zip(offsets, results), sure) {
                if mustCertify { XCTAssertNotNil(r.predictedClass, "x0 = \(x0), adv \(adv)") }
                guard let c = r.predictedClass else { continue }
                XCTAssertEqual(c, x0 > 0 ? 1 : 0, "x0 = \(x0)")
                XCTAssertLessThanOrEqual(r.radius, abs(x0) + 1e-6, "x0 = \(x0), adv \(adv)")
            }
            XCTAssertNil(results[9].predictedClass, "x0 = 0: p = ½ exactly, must abstain")
        }
    }

    /// For an input whose correct class has probability p under the noise (two classes), the
    /// smallest ρ that CERTIFY(n0, n, α) reaches with probability ≥ 1 − 10⁻⁶ given the right
    /// selection — or nil unless the input is certified with probability ≥ 1 − 2·10⁻⁶ (selection
    /// right with probability ≥ 1 − 10⁻⁶ and that ρ > ½). Selection ties go to class 0.
    private func likelyCertification(p: Double, topIsClassZero: Bool, n0: Int, n: Int, alpha: Double) throws -> Double? {
        // Draws of the correct class among n0: class 0 wins with ≥ n0/2 of them, class 1 needs more.
        let selection = try BinomialDistribution(n: n0, p: p)
        let wrongSelection = selection.cdf(topIsClassZero ? (n0 + 1) / 2 - 1 : n0 / 2)
        guard wrongSelection <= 1e-6 else { return nil }
        let kLow = try BinomialDistribution(n: n, p: p).ppf(1e-6)
        let rhoMin = try BinomialStatistics.clopperPearsonLower(successes: kLow, trials: n, alpha: alpha)
        return rhoMin > 0.5 ? rhoMin : nil
    }
}
