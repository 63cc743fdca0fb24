import RS4ANumerics
import XCTest

/// Binomial pmf/cdf/sf (n up to 10⁷) against mpmath, quantiles and the binomial
/// test against scipy.stats, Clopper–Pearson bounds against mpmath-refined roots.
final class BinomialGoldenTests: XCTestCase {
    func testDistributionAgainstMpmath() throws {
        var pmf = ErrorReport("binomial pmf")
        var tails = ErrorReport("binomial cdf/sf")
        for row in NumericsFixtures.rows("binomial") {
            let n = row.int(0), p = row.double(1), k = row.int(2)
            let dist = try BinomialDistribution(n: n, p: p)
            // pmf, cdf and sf: the brief's flat 1e-12 relative on every row (mpmath at 40 digits
            // at the exact double p, so the reference is far more accurate than that), also in
            // the 30-σ tails of n = 10⁷ where the condition number in p reaches ~10⁴.
            pmf.check(dist.pmf(k), row.double(3), relative: 1e-12, absoluteFloor: subnormalFloor, "pmf(\(k); \(n), \(p))")
            tails.check(dist.cdf(k), row.double(4), relative: 1e-12, absoluteFloor: subnormalFloor, "cdf(\(k); \(n), \(p))")
            tails.check(dist.sf(k), row.double(5), relative: 1e-12, absoluteFloor: subnormalFloor, "sf(\(k); \(n), \(p))")
        }
        pmf.finish()
        tails.finish()
    }

    func testQuantilesMatchScipy() throws {
        for row in NumericsFixtures.rows("binomialQuantiles") {
            let n = row.int(0), p = row.double(1), q = row.double(2)
            let dist = try BinomialDistribution(n: n, p: p)
            XCTAssertEqual(dist.isf(q), row.int(3), "isf(\(q)) for Binomial(\(n), \(p))")
            XCTAssertEqual(dist.ppf(q), row.int(4), "ppf(\(q)) for Binomial(\(n), \(p))")
        }
    }

    func testClopperPearsonAgainstMpmath() throws {
        var report = ErrorReport("Clopper–Pearson")
        for row in NumericsFixtures.rows("clopperPearson") {
            let k = row.int(0), n = row.int(1), alpha = row.double(2)
            let lower = try BinomialStatistics.clopperPearsonLower(successes: k, trials: n, alpha: alpha)
            let upper = try BinomialStatistics.clopperPearsonUpper(successes: k, trials: n, alpha: alpha)
            let two = try BinomialStatistics.clopperPearsonTwoSided(successes: k, trials: n, alpha: alpha)
            report.check(lower, row.double(3), relative: 1e-10, "lower(\(k), \(n), \(alpha))")
            report.check(upper, row.double(4), relative: 1e-10, "upper(\(k), \(n), \(alpha))")
            report.check(two.lower, row.double(5), relative: 1e-10, "two-sided lower(\(k), \(n), \(alpha))")
            report.check(two.upper, row.double(6), relative: 1e-10, "two-sided upper(\(k), \(n), \(alpha))")
            XCTAssertLessThanOrEqual(lower, upper)
        }
        report.finish()
    }

    /// scipy.stats.binomtest two-sided p-values; 1e-10 relative (the p-value is a sum
    /// of two tail probabilities, each good to ~1e-13; the index chosen with scipy's
    /// 1e-7 tie tolerance must match exactly or the value would jump by a pmf term).
    func testBinomialTestMatchesScipy() throws {
        var report = ErrorReport("binomtest")
        for row in NumericsFixtures.rows("binomialTest") {
            let k = row.int(0), n = row.int(1), p = row.double(2)
            let got = try BinomialStatistics.binomialTestPValue(successes: k, trials: n, p: p)
            report.check(got, row.double(3), relative: 1e-10, "binomtest(\(k), \(n), \(p))")
        }
        report.finish()
    }

    /// Exact ties: for p = ½ the pmf is symmetric, so P(|X − n/2| ≥ |k − n/2|) is
    /// reproduced only if the mirrored term is counted (scipy's 1 + 1e-7 tolerance).
    func testBinomialTestSymmetricTies() throws {
        let v = try BinomialStatistics.binomialTestPValue(successes: 3, trials: 10, p: 0.5)
        // P(X ≤ 3) + P(X ≥ 7) = 2·(1 + 10 + 45 + 120)/1024
        XCTAssertEqual(v, 2 * 176 / 1024, accuracy: 1e-15)
    }
}
