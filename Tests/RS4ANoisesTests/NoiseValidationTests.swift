import RS4ANoises
import XCTest

/// Bad input gives typed errors naming the parameter and its range — never a trap.
final class NoiseValidationTests: XCTestCase {
    let d = 3072

    func testSigmaAndLambdaMustBeExactlyOnePositiveFiniteValue() {
        for name in ["Uniform", "Gaussian", "Laplace", "Pareto", "UniformBall", "ExpInf", "Exp1", "Exp2", "Pow2"] {
            TestSupport.assertThrows(["neither"]) { try makeNoise(name: name, dim: d) }
            TestSupport.assertThrows(["not both"]) { try makeNoise(name: name, dim: d, sigma: 1, lambd: 1) }
            for bad in [0.0, -1.0, .nan, .infinity] {
                TestSupport.assertThrows(["sigma"]) { try makeNoise(name: name, dim: d, sigma: bad) }
                TestSupport.assertThrows(["lambd"]) { try makeNoise(name: name, dim: d, lambd: bad) }
            }
        }
        TestSupport.assertThrows(["neither"]) { try makeNoise(name: "PowInf", dim: d, a: Double(d) + 10) }
        TestSupport.assertThrows(["neither"]) { try makeNoise(name: "Expp", dim: d, p: 1) }
    }

    func testShapeParameterDomains() {
        TestSupport.assertThrows(["a", "d + 2"]) { try makeNoise(name: "PowInf", dim: d, sigma: 1, a: Double(d) + 2) }
        TestSupport.assertThrows(["a", "required"]) { try makeNoise(name: "PowInf", dim: d, sigma: 1) }
        TestSupport.assertThrows(["a", "(d + 2)/k"]) { try makeNoise(name: "Pow2", dim: d, sigma: 1, k: 2, a: Double(d + 2) / 2) }
        TestSupport.assertThrows(["j", "0 ≤ j < d"]) { try makeNoise(name: "ExpInf", dim: d, sigma: 1, j: Double(d)) }
        TestSupport.assertThrows(["j", "0 ≤ j < d"]) { try makeNoise(name: "Exp2", dim: d, sigma: 1, j: -1) }
        for bad in [0.0, -2.0, .nan, .infinity] {
            TestSupport.assertThrows(["k", "> 0"]) { try makeNoise(name: "ExpInf", dim: d, sigma: 1, k: bad) }
            TestSupport.assertThrows(["k", "> 0"]) { try makeNoise(name: "Exp1", dim: d, sigma: 1, k: bad) }
            TestSupport.assertThrows(["k", "> 0"]) { try makeNoise(name: "Exp2", dim: d, sigma: 1, k: bad) }
            TestSupport.assertThrows(["p", "> 0"]) { try makeNoise(name: "Expp", dim: d, sigma: 1, p: bad) }
            TestSupport.assertThrows(["a", "> 0"]) { try makeNoise(name: "Pareto", dim: d, lambd: 1, a: bad) }
        }
        TestSupport.assertThrows(["p", "required"]) { try makeNoise(name: "Expp", dim: d, sigma: 1) }
        TestSupport.assertThrows(["dim"]) { try makeNoise(name: "Gaussian", dim: 0, sigma: 1) }
        TestSupport.assertThrows(["does not take parameter k"]) { try makeNoise(name: "Gaussian", dim: d, sigma: 1, k: 2) }
        // Pareto with a ≤ 2 has infinite σ: it can be built from λ only.
        TestSupport.assertThrows(["sigma", "infinite"]) { try makeNoise(name: "Pareto", dim: d, sigma: 1, a: 2) }
        XCTAssertEqual(try makeNoise(name: "Pareto", dim: d, lambd: 1, a: 2).sigma, .infinity)
        TestSupport.assertThrows(["unknown"]) { try makeNoise(name: "Cauchy", dim: d, sigma: 1) }
    }

    func testNamesResolveCaseInsensitivelyToOneType() throws {
        let pairs: [(String, String, NoiseKind)] = [
            ("UniformNoise", "uniform", .uniform), ("GaussianNoise", "GAUSSIAN", .gaussian),
            ("LaplaceNoise", "laplace", .laplace), ("ParetoNoise", "pareto", .pareto),
            ("UniformBallNoise", "uniformball", .uniformBall), ("ExpInfNoise", "expinf", .expInf),
            ("PowerInfNoise", "powinf", .powInf), ("Exp1Noise", "exp1", .exp1), ("Exp2Noise", "exp2", .exp2),
            ("Pow2Noise", "pow2", .pow2), ("ExppNoise", "expp", .expp), ("Clean", "clean", .clean),
        ]
        for (seed, short, kind) in pairs {
            XCTAssertEqual(try NoiseKind(name: seed), kind)
            XCTAssertEqual(try NoiseKind(name: short), kind)
        }
        XCTAssertTrue(try makeNoise(name: "expinfnoise", dim: d, sigma: 1, k: 10, j: 100) is ExpInfNoise)
        XCTAssertTrue(try makeNoise(name: "PowerInfNoise", dim: d, sigma: 1, a: Double(d) + 10) is PowInfNoise)
    }

    func testDefaultsAndSigmaLambdaRoundTrip() throws {
        let pareto = try XCTUnwrap(try makeNoise(name: "Pareto", dim: d, sigma: 1) as? ParetoNoise)
        XCTAssertEqual(pareto.a, 3)
        let expInf = try XCTUnwrap(try makeNoise(name: "ExpInf", dim: d, sigma: 1) as? ExpInfNoise)
        XCTAssertEqual(expInf.k, 1); XCTAssertEqual(expInf.j, 0)
        let exp2 = try XCTUnwrap(try makeNoise(name: "Exp2", dim: d, sigma: 1) as? Exp2Noise)
        XCTAssertEqual(exp2.k, 1); XCTAssertEqual(exp2.j, 0)
        let pow2 = try XCTUnwrap(try makeNoise(name: "Pow2", dim: d, sigma: 1) as? Pow2Noise)
        XCTAssertEqual(pow2.k, 1); XCTAssertEqual(pow2.a, Double(d) + 10)
        // σ = λ·s: Gaussian s = 1, Laplace √2, Uniform 1/√3.
        XCTAssertEqual(try makeNoise(name: "Laplace", dim: d, lambd: 2).sigma, 2 * 2.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(try makeNoise(name: "Uniform", dim: d, sigma: 1).lambd, 3.0.squareRoot(), accuracy: 1e-15)
        let n = try makeNoise(name: "Exp2", dim: d, sigma: 0.5, k: 10, j: 100)
        let m = try makeNoise(name: "Exp2", dim: d, lambd: n.lambd, k: 10, j: 100)
        XCTAssertEqual(m.sigma, 0.5, accuracy: 1e-14)
    }

    func testProbabilityAndAdversaryValidation() throws {
        let noise = try makeNoise(name: "Gaussian", dim: d, sigma: 1)
        for bad in [-0.1, 1.0000001, .nan, -.infinity] {
            TestSupport.assertThrows(["prob_lb", "[0, 1]"]) { try noise.certify(bad, adv: 2) }
        }
        for bad in [0.5, 0.0, -1, .nan] {
            TestSupport.assertThrows(["adv", "[1, ∞]"]) { try noise.certify(0.9, adv: bad) }
        }
        XCTAssertEqual(try noise.certify(0.5, adv: 2), 0)
        XCTAssertEqual(try noise.certify(0.2, adv: 1), 0)
        XCTAssertEqual(try noise.certify(0, adv: .infinity), 0)
        TestSupport.assertThrows(["prob_lb"]) { try noise.certify([0.9, .nan], adv: 2) }
    }

    /// NOISES.md: ExpInf with d = 1 is a distribution only for j = 0.
    func testExpInfInOneDimensionNeedsJZero() throws {
        for j in [0.5, 1e-9] {
            TestSupport.assertThrows(["ExpInf", "j", "d = 1"]) { try makeNoise(name: "ExpInf", dim: 1, sigma: 1, j: j) }
        }
        let noise = try makeNoise(name: "ExpInf", dim: 1, sigma: 1, k: 2, j: 0)
        XCTAssertGreaterThan(try noise.certify(0.9, adv: 1), 0)
    }

    /// The Laplace ℓ∞ certificate (and the ℓ2 one converted from ℓ1 and ℓ∞) exists for every d,
    /// including 2 ≤ d ≤ 49, where the binomial pieces run out at K = d before 1 − ρ = 1e-15.
    /// (Values against scipy's quadrature of Ψ: NoiseReferenceRadiiTests at d = 1, 2, 5, 20, 49, 50.)
    func testLaplaceLinfAtEverySmallDimension() throws {
        for d in 1...60 {
            let noise = try LaplaceNoise(dim: d, sigma: 1)
            let linf = try noise.certify(0.99, adv: .infinity, cache: TestSupport.cache)
            let l1 = try noise.certify(0.99, adv: 1)
            XCTAssertTrue(linf.isFinite && linf > 0 && linf <= l1 * (1 + 1e-12), "d = \(d): ℓ∞ \(linf), ℓ1 \(l1)")
            XCTAssertEqual(try noise.certify(0.99, adv: 2, cache: TestSupport.cache), max(l1 / Double(d).squareRoot(), linf), "d = \(d)")
            XCTAssertEqual(try noise.certify(1 - 1e-13, adv: .infinity, method: .direct).isFinite, true, "d = \(d)")
        }
    }

    func testMissingCertificatesAreClearErrors() throws {
        let expInf = try makeNoise(name: "ExpInf", dim: d, sigma: 1, k: 2, j: 5)
        TestSupport.assertThrows(["ℓ∞", "j ≠ 0"]) { try expInf.certify(0.9, adv: .infinity) }
        TestSupport.assertThrows(["ℓ∞", "j ≠ 0"]) { try expInf.certify(0.3, adv: .infinity) }
        // Other p still convert from the ℓ1 radius.
        XCTAssertGreaterThan(try expInf.certify(0.9, adv: 2), 0)
        let laplace = try makeNoise(name: "Laplace", dim: d, sigma: 1)
        TestSupport.assertThrows(["closed form"]) { try laplace.certify(0.9, adv: .infinity, method: .closedForm) }
        let gaussian = try makeNoise(name: "Gaussian", dim: d, sigma: 1)
        TestSupport.assertThrows(["only a closed form"]) { try gaussian.certify(0.9, adv: 2, method: .table) }
        XCTAssertEqual(try makeNoise(name: "Clean", dim: d).certify(0.99, adv: 2), 0)
    }

    func testLpConversion() throws {
        // Gaussian has ℓ2 only: ℓ1 gets R2 (p < 2), ℓ∞ gets R2/√d, ℓ4 gets R2/d^(1/4).
        let g = try makeNoise(name: "Gaussian", dim: d, sigma: 1)
        let r2 = try g.certify(0.9, adv: 2)
        XCTAssertEqual(try g.certify(0.9, adv: 1), r2)
        XCTAssertEqual(try g.certify(0.9, adv: .infinity), r2 / Double(d).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(try g.certify(0.9, adv: 4), r2 / pow(Double(d), 0.25), accuracy: 1e-15)
        // Uniform has ℓ1 and ℓ∞: ℓ2 takes the better of R1 (p > 1: R1/√d) and R∞ (p < ∞: R∞).
        let u = try makeNoise(name: "Uniform", dim: d, sigma: 1)
        let expected = max(try u.certify(0.9, adv: 1) / Double(d).squareRoot(), try u.certify(0.9, adv: .infinity))
        XCTAssertEqual(try u.certify(0.9, adv: 2), expected, accuracy: 1e-15)
        XCTAssertEqual(try u.certifyL2(0.9), expected, accuracy: 1e-15)
    }
}
