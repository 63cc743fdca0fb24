import RS4ANumerics
import XCTest

/// logGamma, logBeta, logGammaRatio, the normal functions, ₂F₁, Lambert W, Li₂ and
/// atanh against mpmath at 40 digits.
final class SpecialFunctionGoldenTests: XCTestCase {
    func testLogGamma() {
        var report = ErrorReport("logGamma")
        for row in NumericsFixtures.rows("logGamma") {
            // 1e-13: the C library's lgamma is within a few ulps, also near its zeros at 1 and 2.
            report.check(Special.logGamma(row.double(0)), row.double(1), relative: 1e-13, absoluteFloor: 1e-16, "lnΓ(\(row.double(0)))")
        }
        report.finish()
    }

    func testLogBeta() {
        var report = ErrorReport("logBeta")
        for row in NumericsFixtures.rows("logBeta") {
            let a = row.double(0), b = row.double(1)
            report.check(Special.logBeta(a, b), row.double(2), relative: 1e-13, "lnB(\(a), \(b))")
        }
        report.finish()
    }

    /// ln(Γ(x+a)/Γ(x)) must keep relative accuracy at x ~ 10⁵…10⁷, where the naive
    /// difference of two log-gammas would lose ~6 digits.
    func testLogGammaRatio() {
        var report = ErrorReport("logGammaRatio")
        for row in NumericsFixtures.rows("logGammaRatio") {
            let x = row.double(0), a = row.double(1)
            report.check(Special.logGammaRatio(x, a), row.double(2), relative: 1e-13, "lnΓ(\(x)+\(a))−lnΓ(\(x))")
        }
        report.finish()
    }

    /// Φ relative to 1e-13 down to x = −37.5 (below, Φ is subnormal and carries fewer
    /// bits: compared absolutely to 100 subnormal ulps); ln Φ relative to 1e-13 everywhere;
    /// the quantile to 1e-13 for p down to 1e-300.
    func testNormal() {
        let normal = NumericsFixtures.dictionary("normal")
        var cdf = ErrorReport("normalCDF")
        var logcdf = ErrorReport("normalLogCDF")
        for row in (normal["cdf"] as? [[Any]]) ?? [] {
            let x = row.double(0)
            cdf.check(Special.normalCDF(x), row.double(1), relative: 1e-13, absoluteFloor: 100 * Double.leastNonzeroMagnitude, "Φ(\(x))")
            cdf.check(Special.normalSF(-x), row.double(1), relative: 1e-13, absoluteFloor: 100 * Double.leastNonzeroMagnitude, "1−Φ(\(-x))")
            logcdf.check(Special.normalLogCDF(x), row.double(2), relative: 1e-13, absoluteFloor: 1e-300, "lnΦ(\(x))")
        }
        for row in (normal["logcdf_far"] as? [[Any]]) ?? [] {
            logcdf.check(Special.normalLogCDF(row.double(0)), row.double(1), relative: 1e-14, "lnΦ(\(row.double(0)))")
        }
        var quantile = ErrorReport("normalQuantile")
        for row in (normal["quantile"] as? [[Any]]) ?? [] {
            let p = row.double(0)
            quantile.check(Special.normalQuantile(p), row.double(1), relative: 1e-13, absoluteFloor: 1e-300, "Φ⁻¹(\(p))")
            if p < 0.5 {
                quantile.check(Special.normalSFInverse(p), -row.double(1), relative: 1e-13, "isf(\(p))")
            }
        }
        cdf.finish()
        logcdf.finish()
        quantile.finish()
        let n = try? NormalDistribution(mean: 1, sd: 2)
        XCTAssertEqual(n?.ppf(0.975) ?? 0, 1 + 2 * 1.959963984540054, accuracy: 1e-14)
    }

    /// cdf(ppf(p)) ≈ p and sf(isf(q)) ≈ q for p, q from 1e-300 to 1 − 1e-16, and the
    /// median-offset quantile Φ⁻¹(½ + q) against Φ⁻¹ where ½ + q is exact. Tolerance
    /// max(1e-13, 16·κ·ε) with κ = |x|·φ(x)/p, the relative condition number of Φ at the root:
    /// the rounding of the returned x alone moves Φ(x) by κ·ε (κ ≈ x² ≈ 1400 at p = 1e-300).
    func testNormalRoundTrip() throws {
        var report = ErrorReport("normal round trip")
        let normal = try NormalDistribution(mean: 0, sd: 1)
        for p in [1e-300, 1e-200, 1e-100, 1e-30, 1e-10, 1e-4, 0.01, 0.2, 0.4999, 0.5, 0.5001, 0.7, 0.99, 1 - 1e-10, 1 - 1e-16] {
            let x = normal.ppf(p)
            let kappa = abs(x) * normal.pdf(x) / p
            report.check(normal.cdf(x), p, relative: max(1e-13, 16 * kappa * Double.ulpOfOne), "cdf(ppf(\(p)))")
            let y = normal.isf(p)
            let kq = abs(y) * normal.pdf(y) / p
            report.check(normal.sf(y), p, relative: max(1e-13, 16 * kq * Double.ulpOfOne), "sf(isf(\(p)))")
        }
        report.finish()
        // Φ⁻¹(½ + q) from the offset: equal to Φ⁻¹ where ½ + q is exact, odd in q, and linear
        // (√(2π)·q) with full relative accuracy for q far below the spacing of doubles near ½.
        for q in [0.0, 1e-3, 0.1, 0.3, 0.4, 0.425, 0.43, 0.49, 0.5 - 1e-10] {
            XCTAssertEqual(Special.normalQuantile(halfPlus: q), Special.normalQuantile(0.5 + q), accuracy: 4e-16 * max(1, abs(Special.normalQuantile(0.5 + q))), "q = \(q)")
            XCTAssertEqual(Special.normalQuantile(halfPlus: -q), -Special.normalQuantile(halfPlus: q), "q = \(q)")
        }
        // (AS241 is good to a few ulps: 1e-15 relative.)
        XCTAssertEqual(Special.normalQuantile(halfPlus: 1e-20), (2 * Double.pi).squareRoot() * 1e-20, accuracy: 1e-15 * 2.5e-20)
        XCTAssertEqual(Special.normalQuantile(halfPlus: 0.5), .infinity)
        XCTAssert(Special.normalQuantile(halfPlus: 0.6).isNaN)
    }

    /// The Pareto certificate's ₂F₁(1, β; β+1; z) up to z = 1 − 1e-12 and general
    /// cases (integer and non-integer c − a − b, z up to 1 − 1e-6, terminating series).
    func testHypergeometric() {
        var report = ErrorReport("hyp2f1")
        for row in NumericsFixtures.rows("hyp2f1") {
            let a = row.double(1), b = row.double(2), c = row.double(3), z = row.double(4)
            // 1e-12; the Pareto rows have κ = |z F′/F| ≲ 1/((1−z)|ln(1−z)|) ~ 4e10 at
            // z = 1 − 1e-12, but z itself is exact, so the same bound applies.
            report.check(Special.hyp2f1(a, b, c, z), row.double(5), relative: 1e-12, "2F1(\(a), \(b); \(c); \(z)) [\(row.string(0))]")
        }
        report.finish()
    }

    func testLambertW() {
        let lambert = NumericsFixtures.dictionary("lambertW")
        var report = ErrorReport("lambertW0")
        for row in (lambert["w0"] as? [[Any]]) ?? [] {
            let x = row.double(0)
            // Near −1/e the relative condition number of W is |x W′/W| ≈ 1/(2·|w+1|²)… ~ 1/p²;
            // rows there are exact doubles, so 1e-13 still applies to the result.
            report.check(Special.lambertW0(x), row.double(1), relative: 1e-13, absoluteFloor: 1e-300, "W0(\(x))")
        }
        for row in (lambert["w0exp"] as? [[Any]]) ?? [] {
            let q = row.double(0)
            report.check(Special.lambertW0OfExp(q), row.double(1), relative: 1e-14, "W0(e^\(q))")
        }
        report.finish()
        XCTAssertEqual(Special.lambertW0(0), 0)
        XCTAssertEqual(Special.lambertW0(-0.36787944117144233), -1, accuracy: 1e-7)
        XCTAssert(Special.lambertW0(-0.37).isNaN)
        XCTAssertEqual(Special.lambertW0(.infinity), .infinity)
    }

    func testDilogarithm() {
        var report = ErrorReport("dilog")
        for row in NumericsFixtures.rows("dilog") {
            let x = row.double(0)
            report.check(Special.dilog(x), row.double(1), relative: 1e-14, absoluteFloor: 1e-300, "Li2(\(x))")
        }
        report.finish()
        XCTAssert(Special.dilog(1.5).isNaN)
    }

    func testDilogarithmOfOneMinusExp() {
        var report = ErrorReport("dilogOneMinusExp")
        for row in NumericsFixtures.rows("dilog") {
            let x = row.double(0)
            guard x >= 0, x < 1 else { continue }
            // Li₂(x) = Li₂(1 − e^−u) at u = −ln(1 − x); 1e-13 allows for the rounding of u.
            report.check(Special.dilogOneMinusExp(-log1p(-x)), row.double(1), relative: 1e-13, absoluteFloor: 1e-300, "Li2(1-e^-u), x = \(x)")
        }
        report.finish()
        XCTAssertEqual(Special.dilogOneMinusExp(.infinity), Double.pi * Double.pi / 6)
        XCTAssertEqual(Special.dilogOneMinusExp(0), 0)
        XCTAssert(Special.dilogOneMinusExp(-1).isNaN)
    }

    func testDigamma() {
        // Exact values ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(¼) = −γ − π/2 − 3 ln 2, and ψ(x + 1) = ψ(x) + 1/x.
        let gamma = 0.57721566490153286
        XCTAssertEqual(Special.digamma(1), -gamma, accuracy: 1e-15)
        XCTAssertEqual(Special.digamma(0.5), -gamma - 2 * log(2.0), accuracy: 1e-15)
        XCTAssertEqual(Special.digamma(0.25), -gamma - Double.pi / 2 - 3 * log(2.0), accuracy: 1e-14)
        for x in [0.75, 2.5, 9.9, 37.0, 1e4] {
            XCTAssertEqual(Special.digamma(x + 1), Special.digamma(x) + 1 / x, accuracy: 1e-14 * max(1, abs(Special.digamma(x))))
        }
        XCTAssert(Special.digamma(0).isNaN)
        XCTAssert(Special.digamma(-2).isNaN)
    }

    func testAtanh() {
        var report = ErrorReport("atanh")
        for row in NumericsFixtures.rows("atanh") {
            report.check(Special.atanh(row.double(0)), row.double(1), relative: 1e-15, "atanh(\(row.double(0)))")
        }
        report.finish()
        XCTAssert(Special.atanh(1.5).isNaN)
    }
}
