import RS4ANumerics
import XCTest

/// I_x(a, b), its complement, the inverses and the beta-prime distribution against
/// mpmath (betainc, or logit-scale quadrature where betainc gives up) for
/// parameters 0.05 … 10⁶.
final class IncompleteBetaGoldenTests: XCTestCase {
    /// I, 1 − I and the beta-prime cdf/sf: the brief's flat 1e-12 relative on every fixture row
    /// (the mpmath reference is exact at the double inputs). Round trips keep a condition-number
    /// widening (`roundTripTolerance`), because there the rounding of the returned root x is
    /// itself an error of κₓ·ε that no method can avoid.
    static let tolerance = 1e-12

    /// max(1e-12, 16·κ·ε) for round trips, κ the relative condition number of the value in x.
    static func roundTripTolerance(_ kappa: Double) -> Double {
        max(1e-12, 16 * kappa * Double.ulpOfOne)
    }

    func testIncompleteBetaAgainstMpmath() {
        var iReport = ErrorReport("betaI")
        var cReport = ErrorReport("betaIComplement")
        for row in NumericsFixtures.rows("beta") {
            let a = row.double(0), b = row.double(1), x = row.double(2)
            let i = row.double(3), ic = row.double(4)
            iReport.check(Special.betaI(a, b, x), i, relative: Self.tolerance, absoluteFloor: subnormalFloor, "I(\(a), \(b), \(x))")
            cReport.check(Special.betaIComplement(a, b, x), ic, relative: Self.tolerance, absoluteFloor: subnormalFloor, "Ic(\(a), \(b), \(x))")
        }
        iReport.finish()
        cReport.finish()
    }

    func testInverseAgainstMpmath() {
        var report = ErrorReport("betaIInv/betaIComplementInv")
        for row in NumericsFixtures.rows("betaInverse") {
            let kind = row.string(0)
            let a = row.double(1), b = row.double(2), target = row.double(3), expected = row.double(4)
            let got = kind == "I" ? Special.betaIInv(a, b, target) : Special.betaIComplementInv(a, b, target)
            report.check(got, expected, relative: 1e-10, absoluteFloor: subnormalFloor, "\(kind)inv(\(a), \(b), \(target))")
        }
        report.finish()
    }

    /// cdf(ppf(p)) ≈ p. The root is returned as a double x, whose rounding alone moves
    /// the value by κₓ·ε with κₓ = x·density/value (huge when x ≈ 1 − 1e-12: the
    /// spacing of doubles near 1 is 1e-16 ≫ the distance to 1), so the tolerance is
    /// max(1e-12, 16·κₓ·ε). Accuracy of the inverse itself is tested against mpmath above.
    func testRoundTrip() {
        var report = ErrorReport("beta round trip")
        let params: [(Double, Double)] = [(0.05, 0.05), (0.05, 3), (0.7, 1e6), (2, 2), (30, 0.5), (1536, 1536),
                                          (75263.5, 75263.5), (1e6, 3e6), (150528, 10)]
        for (a, b) in params {
            guard let dist = try? BetaDistribution(a: a, b: b) else { XCTFail("Beta(\(a), \(b))"); continue }
            for p in [1e-250, 1e-30, 1e-6, 0.05, 0.5, 0.8] {
                let x = dist.ppf(p)
                if x > 1e-300 {
                    let kappa = dist.pdf(x) * x / p
                    report.check(dist.cdf(x), p, relative: Self.roundTripTolerance(kappa), "cdf(ppf(\(p))) Beta(\(a), \(b))")
                }
                let y = dist.isf(p)
                if 1 - y > 1e-300 && y > 1e-300 {
                    let kappa = dist.pdf(y) * y / p
                    report.check(dist.sf(y), p, relative: Self.roundTripTolerance(kappa), "sf(isf(\(p))) Beta(\(a), \(b))")
                }
            }
        }
        report.finish()
    }

    /// Beta-prime cdf(ppf(p)) ≈ p and sf(isf(q)) ≈ q over the parameters the noises use
    /// (PowInf, Pow2: a = d/k up to 1.5·10⁵, small b) and generic ones; the same
    /// `roundTripTolerance` as the beta (κ = x·pdf(x)/p).
    func testBetaPrimeRoundTrip() throws {
        var report = ErrorReport("betaPrime round trip")
        for (a, b) in [(0.5, 0.5), (2.0, 3.0), (3072.0, 10.0), (150528.0, 1000.0), (1536.0, 1536.0), (1.0, 10.0), (75264.0, 1e6)] {
            let dist = try BetaPrimeDistribution(a: a, b: b)
            for p in [1e-250, 1e-30, 1e-6, 0.05, 0.5, 0.8, 1 - 1e-9] {
                let x = dist.ppf(p)
                if x > 1e-300 && x.isFinite {
                    report.check(dist.cdf(x), p, relative: Self.roundTripTolerance(dist.pdf(x) * x / p), "cdf(ppf(\(p))) BP(\(a), \(b))")
                }
                let y = dist.isf(p)
                if y > 1e-300 && y.isFinite {
                    report.check(dist.sf(y), p, relative: Self.roundTripTolerance(dist.pdf(y) * y / p), "sf(isf(\(p))) BP(\(a), \(b))")
                }
            }
        }
        report.finish()
    }

    func testBetaPrimeAgainstMpmath() {
        var forward = ErrorReport("betaPrime cdf/sf")
        var inverse = ErrorReport("betaPrime ppf/isf")
        for row in NumericsFixtures.rows("betaPrime") {
            let kind = row.string(0)
            let a = row.double(1), b = row.double(2)
            guard let dist = try? BetaPrimeDistribution(a: a, b: b) else { XCTFail("BetaPrime(\(a), \(b))"); continue }
            if kind == "cdf" {
                let x = row.double(3)
                forward.check(dist.cdf(x), row.double(4), relative: Self.tolerance, "cdf(\(x)) BP(\(a), \(b))")
                forward.check(dist.sf(x), row.double(5), relative: Self.tolerance, "sf(\(x)) BP(\(a), \(b))")
            } else {
                let q = row.double(3)
                let got = kind == "ppf" ? dist.ppf(q) : dist.isf(q)
                inverse.check(got, row.double(4), relative: 1e-10, "\(kind)(\(q)) BP(\(a), \(b))")
            }
        }
        forward.finish()
        inverse.finish()
    }

    func testEdgeValues() {
        XCTAssertEqual(Special.betaI(2, 3, 0), 0)
        XCTAssertEqual(Special.betaI(2, 3, 1), 1)
        XCTAssertEqual(Special.betaIComplement(2, 3, 0), 1)
        XCTAssertEqual(Special.betaIInv(2, 3, 0), 0)
        XCTAssertEqual(Special.betaIInv(2, 3, 1), 1)
        XCTAssertEqual(Special.betaIComplementInv(2, 3, 0), 1)
        // I_x(1, 1) = x and I_x(a, 1) = x^a exactly.
        // (a few ulps: the general algorithm is used, no special case)
        XCTAssertEqual(Special.betaI(1, 1, 0.3), 0.3, accuracy: 1e-15 * 0.3)
        XCTAssertEqual(Special.betaI(4, 1, 0.5), 0.0625, accuracy: 1e-15 * 0.0625)
        XCTAssertEqual(Special.betaIInv(1, 1, 0.25), 0.25, accuracy: 1e-15 * 0.25)
        // Symmetric parameters: the median is ½.
        XCTAssertEqual(Special.betaIInv(75263.5, 75263.5, 0.5), 0.5, accuracy: 1e-15)
    }
}

/// Points on both sides of every switch between evaluation methods (see
/// section_method_boundaries in the fixture script): a method change must not
/// show up as a jump in accuracy.
final class MethodBoundaryTests: XCTestCase {
    func testBothSidesOfEverySwitch() {
        var report = ErrorReport("method boundaries")
        for row in NumericsFixtures.rows("methodBoundaries") {
            let kind = row.string(0)
            let a = row.double(1), b = row.double(2), x = row.double(3)
            let lower = row.double(4), upper = row.double(5)
            // 1e-12 relative on both tails (κ ≤ ~300 at these points, so no widening).
            if kind == "gamma" {
                report.check(Special.gammaP(a, x), lower, relative: 1e-12, absoluteFloor: subnormalFloor, "P(\(a), \(x))")
                report.check(Special.gammaQ(a, x), upper, relative: 1e-12, absoluteFloor: subnormalFloor, "Q(\(a), \(x))")
            } else {
                report.check(Special.betaI(a, b, x), lower, relative: 1e-12, absoluteFloor: subnormalFloor, "I(\(a), \(b), \(x))")
                report.check(Special.betaIComplement(a, b, x), upper, relative: 1e-12, absoluteFloor: subnormalFloor, "Ic(\(a), \(b), \(x))")
            }
        }
        report.finish()
    }
}

/// 700 log-uniformly drawn (fixed seed) gamma and beta cases against mpmath, to catch
/// regimes the grids miss: flat 1e-12 relative, like the grids (the reference is exact at
/// the double inputs).
final class RandomCaseTests: XCTestCase {
    func testRandomCasesAgainstMpmath() {
        var report = ErrorReport("random cases")
        for row in NumericsFixtures.rows("random") {
            let kind = row.string(0)
            let a = row.double(1), b = row.double(2), x = row.double(3)
            let lower = row.double(4), upper = row.double(5)
            if kind == "gamma" {
                report.check(Special.gammaP(a, x), lower, relative: 1e-12, absoluteFloor: subnormalFloor, "P(\(a), \(x))")
                report.check(Special.gammaQ(a, x), upper, relative: 1e-12, absoluteFloor: subnormalFloor, "Q(\(a), \(x))")
            } else {
                report.check(Special.betaI(a, b, x), lower, relative: 1e-12, absoluteFloor: subnormalFloor, "I(\(a), \(b), \(x))")
                report.check(Special.betaIComplement(a, b, x), upper, relative: 1e-12, absoluteFloor: subnormalFloor, "Ic(\(a), \(b), \(x))")
            }
        }
        report.finish()
    }
}

final class BetaDensityTests: XCTestCase {
    /// Beta(a, a) at ½: ln pdf = (2 − 2a) ln 2 − ln B(a, a); with the duplication formula
    /// B(a, a) = 2^{1−2a} √π Γ(a)/Γ(a + ½), ln pdf = ln 2 − ½ln π + ln(Γ(a + ½)/Γ(a)).
    func testSymmetricBetaLogDensityAtHugeParameter() throws {
        let a = 75263.5
        let expected = log(2.0) - 0.5 * log(Double.pi) + Special.logGammaRatio(a, 0.5)
        let d = try BetaDistribution(a: a, b: a)
        XCTAssertEqual(d.logpdf(0.5), expected, accuracy: 1e-14 * abs(expected))
        // Beta-prime: X/(1+X) ~ Beta, so at X = 1 the density is pdf_Beta(½)/4.
        let bp = try BetaPrimeDistribution(a: a, b: a)
        XCTAssertEqual(bp.logpdf(1), expected - log(4.0), accuracy: 1e-14 * abs(expected))
    }
}
