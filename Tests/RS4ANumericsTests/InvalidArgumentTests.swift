import Foundation
import RS4ANumerics
import XCTest

/// Out-of-domain arguments: special functions return NaN; constructors and
/// statistics throw `NumericsError.invalidArgument` naming the parameter. Nothing traps.
final class InvalidArgumentTests: XCTestCase {
    func testSpecialFunctionsReturnNaN() {
        let nan = Double.nan
        let cases: [(String, Double)] = [
            ("logGamma(nan)", Special.logGamma(nan)),
            ("logBeta(-1, 2)", Special.logBeta(-1, 2)),
            ("logBeta(1, nan)", Special.logBeta(1, nan)),
            ("logGammaRatio(-1, 0.5)", Special.logGammaRatio(-1, 0.5)),
            ("gammaP(0, 1)", Special.gammaP(0, 1)),
            ("gammaP(-1, 1)", Special.gammaP(-1, 1)),
            ("gammaP(1, -1)", Special.gammaP(1, -1)),
            ("gammaQ(nan, 1)", Special.gammaQ(nan, 1)),
            ("gammaQ(1, nan)", Special.gammaQ(1, nan)),
            ("gammaPInv(1, 1.5)", Special.gammaPInv(1, 1.5)),
            ("gammaPInv(1, -0.1)", Special.gammaPInv(1, -0.1)),
            ("gammaQInv(0, 0.5)", Special.gammaQInv(0, 0.5)),
            ("gammaQInv(1, nan)", Special.gammaQInv(1, nan)),
            ("betaI(0, 1, 0.5)", Special.betaI(0, 1, 0.5)),
            ("betaI(1, 1, 1.5)", Special.betaI(1, 1, 1.5)),
            ("betaI(1, 1, nan)", Special.betaI(1, 1, nan)),
            ("betaIComplement(1, -2, 0.5)", Special.betaIComplement(1, -2, 0.5)),
            ("betaIInv(1, 1, 2)", Special.betaIInv(1, 1, 2)),
            ("betaIComplementInv(1, .infinity, 0.5)", Special.betaIComplementInv(1, .infinity, 0.5)),
            ("hyp2f1(1, 1, 2, 1.5)", Special.hyp2f1(1, 1, 2, 1.5)),
            ("hyp2f1(1, 1, 2, -0.5)", Special.hyp2f1(1, 1, 2, -0.5)),
            ("hyp2f1(1, 1, -2, 0.5)", Special.hyp2f1(1, 1, -2, 0.5)),
            ("hyp2f1(nan, 1, 2, 0.5)", Special.hyp2f1(nan, 1, 2, 0.5)),
            ("lambertW0(-1)", Special.lambertW0(-1)),
            ("lambertW0(nan)", Special.lambertW0(nan)),
            ("dilog(2)", Special.dilog(2)),
            ("dilog(nan)", Special.dilog(nan)),
            ("atanh(-1.1)", Special.atanh(-1.1)),
            ("normalCDF(nan)", Special.normalCDF(nan)),
            ("normalQuantile(1.1)", Special.normalQuantile(1.1)),
            ("normalQuantile(nan)", Special.normalQuantile(nan)),
        ]
        for (name, value) in cases { XCTAssert(value.isNaN, "\(name) = \(value), expected NaN") }
    }

    private func assertInvalid<T>(_ name: String, _ parameter: String, line: UInt = #line, _ body: () throws -> T) {
        XCTAssertThrowsError(try body(), "\(name) should throw", line: line) { error in
            guard case NumericsError.invalidArgument(let message) = error else {
                return XCTFail("\(name): expected invalidArgument, got \(error)", line: line)
            }
            XCTAssert(message.contains(parameter), "\(name): message '\(message)' should name \(parameter)", line: line)
        }
    }

    func testConstructorsThrow() {
        assertInvalid("Normal sd 0", "sd") { try NormalDistribution(mean: 0, sd: 0) }
        assertInvalid("Normal mean nan", "mean") { try NormalDistribution(mean: .nan, sd: 1) }
        assertInvalid("Gamma shape -1", "shape") { try GammaDistribution(shape: -1) }
        assertInvalid("Gamma rate nan", "rate") { try GammaDistribution(shape: 1, rate: .nan) }
        assertInvalid("Beta a 0", "a") { try BetaDistribution(a: 0, b: 1) }
        assertInvalid("Beta b inf", "b") { try BetaDistribution(a: 1, b: .infinity) }
        assertInvalid("BetaPrime a nan", "a") { try BetaPrimeDistribution(a: .nan, b: 1) }
        assertInvalid("BetaPrime b -1", "b") { try BetaPrimeDistribution(a: 1, b: -1) }
        assertInvalid("Binomial n -1", "n") { try BinomialDistribution(n: -1, p: 0.5) }
        assertInvalid("Binomial p 1.5", "p") { try BinomialDistribution(n: 10, p: 1.5) }
        assertInvalid("Binomial p nan", "p") { try BinomialDistribution(n: 10, p: .nan) }
        // Counts beyond 2⁵³ are not exact in Float64 (Double(Int.max) rounds up to 2⁶³).
        assertInvalid("Binomial n Int.max", "n") { try BinomialDistribution(n: Int.max, p: 1) }
        assertInvalid("Binomial n 2^53 + 1", "n") { try BinomialDistribution(n: (1 << 53) + 1, p: 0.5) }
    }

    func testStatisticsThrow() {
        assertInvalid("CP k > n", "successes") { try BinomialStatistics.clopperPearsonLower(successes: 11, trials: 10, alpha: 0.05) }
        assertInvalid("CP k < 0", "successes") { try BinomialStatistics.clopperPearsonUpper(successes: -1, trials: 10, alpha: 0.05) }
        assertInvalid("CP n = 0", "trials") { try BinomialStatistics.clopperPearsonLower(successes: 0, trials: 0, alpha: 0.05) }
        assertInvalid("CP alpha 0", "alpha") { try BinomialStatistics.clopperPearsonLower(successes: 1, trials: 10, alpha: 0) }
        assertInvalid("CP alpha 1", "alpha") { try BinomialStatistics.clopperPearsonTwoSided(successes: 1, trials: 10, alpha: 1) }
        assertInvalid("CP alpha nan", "alpha") { try BinomialStatistics.clopperPearsonUpper(successes: 1, trials: 10, alpha: .nan) }
        assertInvalid("binomtest p 2", "p") { try BinomialStatistics.binomialTestPValue(successes: 1, trials: 10, p: 2) }
        assertInvalid("binomtest p nan", "p") { try BinomialStatistics.binomialTestPValue(successes: 1, trials: 10, p: .nan) }
        assertInvalid("binomtest k > n", "successes") { try BinomialStatistics.binomialTestPValue(successes: 11, trials: 10) }
        assertInvalid("binomtest n Int.max", "trials") { try BinomialStatistics.binomialTestPValue(successes: 0, trials: Int.max, p: 1) }
        assertInvalid("CP n Int.max", "trials") { try BinomialStatistics.clopperPearsonLower(successes: 1, trials: Int.max, alpha: 0.05) }
    }

    /// The largest counts (n = 2⁵³) at the degenerate p where every answer is exact: no step of
    /// the quantile search or of the test's tail search may overflow or trap.
    func testLargestCountsStayExact() throws {
        let n = BinomialDistribution.maximumTrials
        let certain = try BinomialDistribution(n: n, p: 1)
        XCTAssertEqual(certain.isf(0.5), n)
        XCTAssertEqual(certain.ppf(0.5), n)
        XCTAssertEqual(certain.isf(1), -1)
        let never = try BinomialDistribution(n: n, p: 0)
        XCTAssertEqual(never.isf(0.5), 0)
        XCTAssertEqual(never.ppf(0.5), 0)
        // Binomial(2⁵³, 1e-18): mean 0.009, P(X = 0) = e^{−0.009} ≈ 0.991, so the median is 0
        // and P(X > 1) ≈ 4e-5 puts isf(1e-3) at 1.
        let rare = try BinomialDistribution(n: n, p: 1e-18)
        XCTAssertEqual(rare.ppf(0.5), 0)
        XCTAssertEqual(rare.isf(1e-3), 1)
        XCTAssertEqual(try BinomialStatistics.binomialTestPValue(successes: 0, trials: n, p: 1), 0)
        XCTAssertEqual(try BinomialStatistics.binomialTestPValue(successes: n, trials: n, p: 0), 0)
        XCTAssertEqual(try BinomialStatistics.binomialTestPValue(successes: n, trials: n, p: 1), 1)
    }

    /// ₂F₁ where the usual routes overflow or cancel: the answer is the correct value, +∞ for a
    /// value beyond the double range, or NaN (documented) — never a wrong finite number or sign.
    /// References: mpmath at 40 digits (hyp2f1; for F(10⁶, 10⁶; 2·10⁶; 0.9) the first 3000
    /// positive terms already sum to e^18033 > e^709.78, the largest double).
    func testHypergeometricExtremeParameters() {
        XCTAssertEqual(Special.hyp2f1(1e6, 1e6, 2e6, 0.9), .infinity)
        XCTAssertEqual(Special.hyp2f1(1e6, 1e6, 2e6, 0.3), .infinity)
        // F(−N, 1; 2; z) = (1 − (1 − z)^{N+1})/((N + 1)z): 2/(10⁶ + 1) at z = ½. 1e-9: the
        // log-scale route's product of two factors of size 2^{±10⁶} costs ~N·ε.
        XCTAssertEqual(Special.hyp2f1(-1e6, 1, 2, 0.5), 1.999998000001999998e-6, accuracy: 1e-9 * 2e-6)
        // Large parameters near z = 1, where the 1 − z transformations cancel (they returned
        // 1.8e68 and 6.2e34 for the first two): 1e-12 relative.
        for (a, b, c, z, expected) in [(100.0, 100.0, 200.5, 0.95, 3.7251133067787607094e+42),
                                       (50, 60, 115, 0.9, 2720168057509533453.0),
                                       (30, 40, 71, 0.99, 261254137492262656.19)] {
            XCTAssertEqual(Special.hyp2f1(a, b, c, z), expected, accuracy: 1e-12 * expected, "2F1(\(a), \(b); \(c); \(z))")
        }
        // A polynomial whose terms cancel and that no positive form covers (c − b < 0): NaN.
        XCTAssert(Special.hyp2f1(-1e6, 3, 2, 0.5).isNaN)
    }

    func testDistributionMethodsReturnNaNForBadProbabilities() throws {
        let g = try GammaDistribution(shape: 2)
        XCTAssert(g.ppf(1.5).isNaN)
        XCTAssert(g.isf(-0.5).isNaN)
        XCTAssert(g.cdf(.nan).isNaN)
        let b = try BetaDistribution(a: 2, b: 3)
        XCTAssert(b.ppf(.nan).isNaN)
        let bp = try BetaPrimeDistribution(a: 2, b: 3)
        XCTAssert(bp.isf(2).isNaN)
        let bin = try BinomialDistribution(n: 10, p: 0.5)
        XCTAssertEqual(bin.isf(.nan), Int.min)
        XCTAssertEqual(bin.cdf(-1), 0)
        XCTAssertEqual(bin.sf(10), 0)
        XCTAssertEqual(bin.isf(1), -1)
        XCTAssertEqual(bin.isf(0), 10)
    }

    /// Parameters at the edge of the double range must come back quickly (a finite
    /// value or NaN), never hang in an iteration or trap.
    func testExtremeArgumentsTerminate() {
        let start = Date()
        let values: [Double] = [
            Special.betaI(1e308, 1e308, 0.5), Special.betaIComplement(1e-300, 1e300, 0.5),
            Special.betaIInv(1e300, 1e-300, 0.5), Special.gammaP(1e308, 1e308), Special.gammaQ(1e-300, 1e-300),
            Special.gammaPInv(1e300, 0.5), Special.gammaQInv(1e-300, 1e-300), Special.hyp2f1(1e300, 1e300, 1e300, 0.9),
            Special.hyp2f1(1, 1e-300, 1, 0.99), Special.lambertW0(Double.greatestFiniteMagnitude),
            Special.dilog(-Double.greatestFiniteMagnitude), Special.logGammaRatio(1e300, 1e300),
            Special.normalQuantile(Double.leastNonzeroMagnitude), Special.normalLogCDF(-1e300),
        ]
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0, "extreme arguments took too long")
        XCTAssertEqual(values[3], 0.5, accuracy: 1e-6)            // P(a, a) → ½ as a → ∞
        XCTAssertEqual(values[9], 703.2270331047702, accuracy: 1e-9)  // W₀(DBL_MAX)
        XCTAssert(values[10].isFinite && values[10] < 0)
        XCTAssertEqual(values[12], -38.46740561714435, accuracy: 1e-12)  // Φ⁻¹(5e-324), mpmath
    }
}
