import Foundation
import RS4ANoises
import XCTest

/// Radii against the independent scipy implementation of NOISES.md
/// (scripts/fixtures/noise_radii_reference.py → Tests/Fixtures/noises/radii_reference.json).
///
/// Tolerance: 1e-4 relative — the spec's accuracy target. Its absolute part ("1e-7 absolute",
/// meant at σ = 1, so 1e-7·σ for these λ = 1 noises, used where it exceeds 1e-4 relative) is
/// allowed on level-set rows only: a
/// level-set table certifies 0 below its first radius 1e-7·σ₁, so just above ρ = ½ its radius
/// may sit up to 1e-7·σ below the exact one. Closed forms and the differential tables (whose
/// first point is ρ = ½ + 1e-10) are held to the relative bound alone, also at tiny radii.
/// The reference itself is accurate to ~1e-10 (quad at epsrel 1e-12), so we also check that no
/// certified radius exceeds the reference by more than 1e-7 relative: a certificate above the
/// exact value beyond the reference's own error would be a soundness bug. (The strict 1e-9
/// bound is checked against our direct integration in NoiseSoundnessTests.)
final class NoiseReferenceRadiiTests: XCTestCase {
    struct Case: Decodable {
        let noise: String
        let params: [String: Double]
        let dim: Int
        let lambd: Double
        let adv: Adv
        let route: String
        let rho: [Double]
        let radius: [Double]
    }
    enum Adv: Decodable {
        case p(Double)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self), s == "inf" { self = .p(.infinity) } else { self = .p(try c.decode(Double.self)) }
        }
        var value: Double { if case .p(let v) = self { return v }; return .nan }
    }
    struct File: Decodable { let cases: [Case] }

    func testAgainstScipyReference() throws {
        let data = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("radii_reference.json"))
        let file = try JSONDecoder().decode(File.self, from: data)
        XCTAssertGreaterThanOrEqual(file.cases.count, 44)
        var worst = 0.0, worstCase = ""
        var checked = 0
        for c in file.cases {
            let noise = try makeNoise(name: c.noise, dim: c.dim, lambd: c.lambd, k: c.params["k"], j: c.params["j"],
                                      a: c.params["a"], p: c.params["p"])
            for (rho, expected) in zip(c.rho, c.radius) {
                // Level-set rows are the exact level-set radius: compare our level-set table (for
                // Exp2 k = 1 the default is the spec's closed form, which is lower in the far tail,
                // see NoiseConsistencyTests).
                let method: CertificateMethod = c.route == "level-set" ? .table : .automatic
                let got = try noise.certify(rho, adv: c.adv.value, method: method, cache: TestSupport.cache)
                let label = "\(c.noise)\(c.params) adv=\(c.adv.value) [\(c.route)] ρ=\(rho)"
                let floor = c.route == "level-set" ? 1e-7 * noise.sigma : 0
                XCTAssertLessThanOrEqual(abs(got - expected), max(1e-4 * expected, floor), "\(label): \(got) vs \(expected)")
                XCTAssertLessThanOrEqual(got, expected * (1 + 1e-7), "\(label): above the exact radius: \(got) vs \(expected)")
                let rel = abs(got - expected) / max(expected, 1e-300)
                if expected > 1e-3, rel > worst { worst = rel; worstCase = label }
                checked += 1
            }
        }
        print("reference radii: \(checked) checked, worst relative deviation \(worst) at \(worstCase)")
    }
}
