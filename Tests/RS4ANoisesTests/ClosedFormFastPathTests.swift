import Foundation
import RS4ANoises
import RS4ANumerics
import XCTest

/// The fast closed-form routes (Exp2 k = 1 through the Student-t expansion, Expp p = ½ through
/// the shape-2 gamma inverse, Pareto through tabulated series) against the textbook formulas of
/// NOISES.md evaluated with the golden-tested special functions, and against mpmath near ρ = ½.
final class ClosedFormFastPathTests: XCTestCase {
    /// ρ from just above ½ to 1 − 1e-12, dense near both ends.
    static let rhos: [Double] = [0.51, 0.55, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999, 1 - 1e-5,
                                 1 - 1e-6, 1 - 1e-7, 1 - 1e-8, 1 - 1e-9, 1 - 1e-10, 1 - 1e-12]

    func testExp2K1MatchesInverseIncompleteBeta() throws {
        for d in [2, 50, 1001, 3072, 150528] {
            let noise = try Exp2Noise(dim: d, sigma: 1, k: 1)
            let shape = Double(d - 1) / 2
            for rho in Self.rhos {
                let x = Special.betaIInv(shape, shape, 1 - rho)
                let exact = noise.lambd * Double(d - 1) * 0.5 * log1p((1 - 2 * x) / x)
                // 1e-10: the expansion is within 3e-13, and the reference itself loses
                // ~1e-16/(1 − 2x) relative through 1 − 2x (≤ 4e-12 at ρ = 0.51, d = 150528).
                XCTAssertEqual(try noise.certify(rho, adv: 2), exact, accuracy: 1e-10 * exact, "d = \(d), ρ = \(rho)")
            }
        }
    }

    /// The fast closed forms — the Student-t routes (UniformBall and Exp2 k = 1: expansion for
    /// d ≥ 999, exact inverse below) and Expp p > 1 (interpolated gamma quantile) — against
    /// mpmath at 50 digits (Tests/Fixtures/noises/closed_form_reference.json, written by
    /// scripts/fixtures/noise_radii_reference.py) from ρ = ½ + 1e-12 to 1 − 2⁻⁵²: never above the
    /// exact radius, and at most 2e-12 below it: the 1e-12 margin of `ClosedFormMargin` (raised
    /// from 1e-14 for the Student-t routes, whose exact route's inverse incomplete beta is off
    /// by up to 3.4e-14) over the expansion's truncation (≤ 4e-13) or Expp's interpolation
    /// (checked to 1e-13).
    func testFastClosedFormsNeverExceedMpmath() throws {
        struct Case: Decodable { let noise: String; let dim: Int; let p: Double?; let rho: [Double]; let radius: [Double] }
        struct File: Decodable { let cases: [Case] }
        let data = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("closed_form_reference.json"))
        let cases = try JSONDecoder().decode(File.self, from: data).cases
        XCTAssertEqual(cases.count, 15)
        var worst: [String: Double] = [:]
        for c in cases {
            let noise: any Noise, adv: Double, below: Double
            switch c.noise {
            case "UniformBall": (noise, adv, below) = (try UniformBallNoise(dim: c.dim, lambd: 1), 2, 2e-12)
            case "Exp2": (noise, adv, below) = (try Exp2Noise(dim: c.dim, lambd: 1, k: 1), 2, 2e-12)
            default: (noise, adv, below) = (try ExppNoise(dim: c.dim, lambd: 1, p: c.p ?? .nan), 1, 2e-12)
            }
            let got = try noise.certify(c.rho, adv: adv)
            for ((rho, exact), r) in zip(zip(c.rho, c.radius), got) {
                XCTAssertLessThanOrEqual(r, exact, "\(noise) ρ = \(rho): above the exact radius")
                XCTAssertGreaterThanOrEqual(r, exact * (1 - below), "\(noise) ρ = \(rho)")
                worst[c.noise] = max(worst[c.noise] ?? 0, (exact - r) / exact)
            }
        }
        print("fast closed forms: worst relative underestimate \(worst)")
    }

    func testExp2K1NearHalfAgainstMpmath() throws {
        // mpmath (40 digits): λ·ν·w with I_{(1−tanh w)/2}(ν/2, ν/2) = 1 − ρ, ν = 3071, λ = 1/√3073.
        let noise = try Exp2Noise(dim: 3072, sigma: 1, k: 1)
        XCTAssertEqual(try noise.certify(0.50000099999979997, adv: 2), 2.5060159446347714e-6, accuracy: 1e-11 * 2.5e-6)
    }

    func testExppHalfMatchesGammaInverse() throws {
        let noise = try ExppNoise(dim: 3072, sigma: 1, p: 0.5)
        for rho in Self.rhos {
            let c = Special.gammaPInv(2, 2 * (1 - rho))
            let exact = 2 * noise.lambd * (-c * log(-expm1(-c)) + Special.dilog(exp(-c)))
            // 1e-12: both sides are a few roundings from the exact value (gammaPInv ≤ 1e-10
            // is the golden tolerance; here R is insensitive to c where c is least accurate).
            XCTAssertEqual(try noise.certifyL1(rho), exact, accuracy: 1e-12 * exact, "ρ = \(rho)")
        }
        XCTAssertEqual(try noise.certifyL1(1), noise.lambd * Double.pi * Double.pi / 3, accuracy: 1e-15)
    }

    func testExppHalfNearHalfAgainstMpmath() throws {
        // mpmath (40 digits): c − ln(1 + c) = −ln(2ρ − 1), R = 2λ(−c ln(1 − e^−c) + Li₂(e^−c)), λ = 1/√120.
        let noise = try ExppNoise(dim: 3072, sigma: 1, p: 0.5)
        XCTAssertEqual(try noise.certifyL1(0.50000049999990004), 1.8257415434977947e-7, accuracy: 1e-11 * 1.83e-7)
    }

    func testParetoMatchesHypergeometric() throws {
        for a in [0.5, 1, 3, 10] {
            let noise = try ParetoNoise(dim: 3072, lambd: 1, a: a)
            let b = a / (a + 1)
            for rho in Self.rhos + [0.5001, 0.85, 0.88, 0.9 - 1e-9] {
                let x = 2 * rho - 1
                let exact = x / a * Special.hyp2f1(1, b, b + 1, pow(x, 1 + 1 / a))
                // 1e-13: both sum the same positive series (few-ulp rounding differences).
                XCTAssertEqual(try noise.certifyL1(rho), exact, accuracy: 1e-13 * exact, "a = \(a), ρ = \(rho)")
            }
            XCTAssertEqual(try noise.certifyL1(1), .infinity)
        }
    }
}
