import Foundation
import RS4ANoises
import RS4ANumerics
import XCTest

/// Certificates and samplers at the edges the fast routes and tables once got wrong, against
/// Tests/Fixtures/noises/closed_form_extremes.json (mpmath at 50 digits, scipy for Laplace ℓ∞;
/// written by scripts/fixtures/noise_radii_reference.py).
final class CertificateExtremesTests: XCTestCase {
    struct Expp: Decodable { let p: Double; let rho: [Double]; let radius: [Double] }
    struct Laplace: Decodable { let dim: Int; let rho: [Double]; let radius: [Double] }
    struct File: Decodable {
        let exp2_k1: [[Double]]        // [d, ρ, R] at λ = 1
        let uniform_ball: [[Double]]
        let expp: [Expp]
        let laplace_linf: [Laplace]
    }

    static let file: File = {
        let url = TestSupport.fixtures.appendingPathComponent("closed_form_extremes.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }()

    /// Exp2 (k = 1) at 500 ≤ d ≤ 1100 and UniformBall at 2 ≤ d ≤ 1100 use the exact inverse
    /// incomplete beta (below d = 999 always, above it near ρ = 1), which is up to 3.4e-14
    /// relative off in either direction at d ≈ 1000: the 1e-12 margin must keep every radius at
    /// or below mpmath's. At most 2e-12 below: the margin plus the inverse's error (≤ 4e-14) or
    /// the expansion's truncation (≤ 4e-13, where d ≥ 999 uses it).
    func testExactInverseBetaRoutesNeverExceedMpmath() throws {
        let cases = [("Exp2", Self.file.exp2_k1), ("UniformBall", Self.file.uniform_ball)]
        XCTAssertEqual(cases.map(\.1.count), [241, 120])
        for (name, rows) in cases {
            var worst = 0.0
            for row in rows {
                let (d, rho, exact) = (Int(row[0]), row[1], row[2])
                let noise: any Noise = name == "Exp2" ? try Exp2Noise(dim: d, lambd: 1, k: 1) : try UniformBallNoise(dim: d, lambd: 1)
                let r = try noise.certify(rho, adv: 2)
                XCTAssertLessThanOrEqual(r, exact, "\(name) d = \(d), ρ = \(rho): above the exact radius")
                XCTAssertGreaterThanOrEqual(r, exact * (1 - 2e-12), "\(name) d = \(d), ρ = \(rho)")
                worst = max(worst, (exact - r) / exact)
            }
            print("\(name) at random d: worst relative underestimate \(worst)")
        }
    }

    /// Expp at large p: building the noise never traps (the fast route declines for p ≳ 330,
    /// where x at the median nears the underflow threshold), and radii stay at or below mpmath's
    /// although x underflows (1e-699 at p = 1000, ρ = 0.6). Within 2e-12 (margin 1e-12 on an
    /// exact route) up to p = 5000; at p = 1e5 the route is the proven lower bound Γ(1 + 1/p)·P,
    /// within 3.7/p of R.
    func testExppAtLargePAgainstMpmath() throws {
        XCTAssertEqual(Self.file.expp.map(\.p), [200, 1000, 1100, 5000, 1e5])
        for c in Self.file.expp {
            let noise = try ExppNoise(dim: 3072, lambd: 1, p: c.p)
            let below = c.p >= 1e5 ? 3.7 / c.p + 1e-12 : 2e-12
            let got = try noise.certify(c.rho, adv: 1)
            for ((rho, exact), r) in zip(zip(c.rho, c.radius), got) {
                XCTAssertLessThanOrEqual(r, exact, "p = \(c.p), ρ = \(rho): above the exact radius")
                XCTAssertGreaterThanOrEqual(r, exact * (1 - below), "p = \(c.p), ρ = \(rho)")
            }
            // Single-ρ calls take the same route as the array call.
            XCTAssertEqual(try noise.certify(c.rho[3], adv: 1), got[3])
        }
        // Beyond any reference: finite, increasing, never above R ≤ Γ(1 + 1/p)(2ρ − 1)e^x ≈ 2ρ − 1 + O(1/p).
        for p in [1e9, 1e16, 1e300, .greatestFiniteMagnitude] {
            let radii = try ExppNoise(dim: 10, lambd: 1, p: p).certify([0.6, 0.99, 1 - 1e-12, 1 - 0x1p-53], adv: 1)
            XCTAssertEqual(radii[0], 0.2, accuracy: 1e-9, "p = \(p)")
            XCTAssertTrue(zip(radii, radii.dropFirst()).allSatisfy { $0 < $1 } && radii.allSatisfy(\.isFinite), "p = \(p): \(radii)")
        }
    }

    /// Expp samples at large p: |δ|/λ = G^(1/p), G ~ Gamma(1/p), whose draw underflows to 0 for
    /// p ≳ 200 (47% zeros at p = 1000) unless the power is taken in logarithms. The mean of
    /// |δ|/λ is Γ(2/p)/Γ(1/p) (→ ½); over 98 304 values its standard error is ≤ 1e-3, so 5e-3
    /// is ≥ 5 standard errors, while the old sampler was off by 0.1 at p = 1000.
    func testExppSamplesAtLargeP() throws {
        for p in [200.0, 1000, 1100, 5000, 1e9, 1e300] {
            let noise = try ExppNoise(dim: 3072, lambd: 2, p: p)
            let values = try noise.sampleNoise(rows: 32, stream: RandomStream(seed: 7), threads: 2)
            let magnitudes = values.map { Double(abs($0)) / 2 }
            let expected = exp(Special.logGamma(2 / p) - Special.logGamma(1 / p))
            XCTAssertEqual(magnitudes.reduce(0, +) / Double(magnitudes.count), expected, accuracy: 5e-3, "p = \(p)")
            XCTAssertEqual(magnitudes.filter { $0 == 0 }.count, 0, "p = \(p)")
            XCTAssertLessThanOrEqual(magnitudes.max() ?? .nan, 1.2, "p = \(p)")   // support ≈ [−λ, λ] for large p
        }
    }

    /// Laplace ℓ∞ beyond its table's last point (1 − ρ < 1e-12): the exact binomial pieces, not
    /// the table's last secant (which was 4.8% low at d = 2, ρ = 1 − 1e-13, and 21% at 1 − 2⁻⁵²).
    /// Never above scipy's quadrature of Ψ (+1e-12, the reference's own quadrature tolerance);
    /// beyond the table at most the pieces' 1e-11 margin below it, inside it (ρ = 1 − 1e-11,
    /// 1 − 1e-12) within the table's accuracy target, 1e-4.
    func testLaplaceLinfBeyondTheTable() throws {
        XCTAssertEqual(Self.file.laplace_linf.map(\.dim), [2, 5, 50, 3072])
        for c in Self.file.laplace_linf {
            let noise = try LaplaceNoise(dim: c.dim, lambd: 1)
            let got = try noise.certify(c.rho, adv: .infinity, cache: TestSupport.cache)
            for ((rho, exact), r) in zip(zip(c.rho, c.radius), got) {
                let beyond = 1 - rho < 1e-12
                XCTAssertLessThanOrEqual(r, exact * (1 + 1e-12), "d = \(c.dim), ρ = \(rho): above the exact radius")
                XCTAssertGreaterThanOrEqual(r, exact * (1 - (beyond ? 1.1e-11 : 1e-4)), "d = \(c.dim), ρ = \(rho)")
                XCTAssertEqual(try noise.certify(rho, adv: .infinity, method: .direct), r, accuracy: beyond ? 0 : 1e-4 * r,
                               "d = \(c.dim), ρ = \(rho)")
            }
        }
    }

    /// A level-set table whose refinement is stopped by its point budget before every cell meets
    /// the accuracy target is a clear table failure, never a silently less accurate table.
    /// Exp2(k = 1, j = d − 1) at d = 3072 needs ~1500 points (from a base grid of 501);
    /// RS4A_LEVEL_SET_MAX_POINTS = 600 stops it after one partial round, at exactly 600 points
    /// (a round never adds more than the budget left; it used to add up to 63 per cell).
    func testLevelSetRefinementStoppedByItsBudgetFails() throws {
        let noise = try Exp2Noise(dim: 3072, sigma: 1, k: 1, j: 3071)
        setenv("RS4A_LEVEL_SET_MAX_POINTS", "600", 1)
        defer { unsetenv("RS4A_LEVEL_SET_MAX_POINTS") }
        TestSupport.assertThrows(["radius table failure", "refinement stopped at its budget of 600 points", "accuracy target",
                                  "(600 points)", ".direct"]) {
            try noise.certify(0.9, adv: 2, cache: .memoryOnly())
        }
        // Within the budget, the same table builds and meets the target (NoiseSoundnessTests).
        setenv("RS4A_LEVEL_SET_MAX_POINTS", "3000", 1)
        let (_, table) = try noise.radiusTable(adv: 2, cache: .memoryOnly())
        XCTAssertLessThanOrEqual(table.rho.count, 3000)
        XCTAssertGreaterThan(table.rho.count, 600)
    }
}

/// Extreme but valid parameters: every constructor either builds the noise or throws a typed
/// error, sampling never writes NaN, and the closed forms give a number (no trap anywhere).
final class ExtremeParameterTests: XCTestCase {
    func testExtremeParametersNeitherTrapNorSampleNaN() throws {
        var built = 0
        for d in [1, 2, 3, 3072] {
            let dd = Double(d)
            var cases: [(String, [String: Double])] = [("Uniform", [:]), ("Gaussian", [:]), ("Laplace", [:]), ("UniformBall", [:])]
            for a in [1e-300, 1e-9, 0.5, 1e6, 1e300] { cases.append(("Pareto", ["a": a])) }
            for p in [1e-300, 1e-9, 0.01, 1.5, 200, 1000, 1100, 5000, 1e9, 1e300] { cases.append(("Expp", ["p": p])) }
            for k in [1e-300, 1e-6, 0.3, 1, 2, 1e6, 1e300] {
                for j in Set([0, max(dd - 1, 0), dd - 1e-9, dd / 2]) where j < dd {
                    cases.append(("ExpInf", ["k": k, "j": j]))
                    cases.append(("Exp2", ["k": k, "j": j]))
                }
                cases.append(("Exp1", ["k": k]))
                for extra in [1e-9, 1, 1e6, 1e300] { cases.append(("Pow2", ["k": k, "a": (dd + 2) / k + extra])) }
            }
            for extra in [1e-9, 1, 1e6, 1e300] { cases.append(("PowInf", ["a": dd + 2 + extra])) }
            for (name, params) in cases {
                let noise: any Noise
                do {
                    noise = try makeNoise(name: name, dim: d, lambd: 1, k: params["k"], j: params["j"], a: params["a"], p: params["p"])
                } catch is NoiseError {
                    continue   // a typed refusal (e.g. σ not finite) is fine; a trap is not
                }
                built += 1
                let values = try noise.sampleNoise(rows: 2, stream: RandomStream(seed: 3), threads: 1)
                XCTAssertFalse(values.contains { $0.isNaN }, "\(noise): NaN in a sample")
                for adv in noise.directAdversaries {
                    guard let radii = try? noise.certify([0.6, 1 - 1e-12], adv: adv, method: .closedForm) else { continue }
                    XCTAssertFalse(radii.contains { $0.isNaN || $0 < 0 }, "\(noise) ℓ\(adv): \(radii)")
                }
            }
        }
        XCTAssertGreaterThan(built, 300)
    }

    /// Radial laws with a large k: the radius λ·G^(1/k), G ~ Gamma((d − j)/k), is ≈ λ, but the
    /// draw G underflows for shapes far below 1 — the power is taken in logarithms, so no row is
    /// 0 (a quarter of them were at k = 10⁶, d = 3072). ExpInf rows of radius 0 (a legitimately
    /// tiny radius) are 0, not NaN.
    func testLargeKRadialSamplesAreNotZero() throws {
        for noise: any Noise in [try Exp2Noise(dim: 3072, lambd: 1, k: 1e6), try Exp1Noise(dim: 3072, lambd: 1, k: 1e6),
                                 try ExpInfNoise(dim: 3072, lambd: 1, k: 1e6), try Pow2Noise(dim: 3072, lambd: 1, k: 1e6, a: 1)] {
            let values = try noise.sampleNoise(rows: 64, stream: RandomStream(seed: 11), threads: 2)
            for r in 0..<64 {
                let row = values[(r * 3072)..<((r + 1) * 3072)]
                XCTAssertTrue(row.contains { $0 != 0 }, "\(noise): row \(r) is zero")
            }
        }
        let tiny = try ExpInfNoise(dim: 3, lambd: 1, k: 1, j: 3 - 1e-9)   // radius Gamma(1e-9): 0 in Float
        XCTAssertFalse(try tiny.sampleNoise(rows: 8, stream: RandomStream(seed: 1)).contains { $0.isNaN })
    }
}
