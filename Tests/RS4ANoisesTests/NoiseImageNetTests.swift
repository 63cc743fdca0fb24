import Foundation
import RS4ANoises
import RS4ANumerics
import XCTest

/// Every noise works at ImageNet size (d = 150528): construction, sampling (finite values,
/// pooled RMS near σ where two rows already pin it down) and certificates for ℓ1, ℓ2, ℓ∞.
final class NoiseImageNetTests: XCTestCase {
    let d = 150_528

    func testEveryNoiseSamplesAndCertifiesAtImageNetSize() throws {
        let dd = Double(d)
        let noises: [any Noise] = [
            try UniformNoise(dim: d, sigma: 0.5), try GaussianNoise(dim: d, sigma: 0.5), try LaplaceNoise(dim: d, sigma: 0.5),
            try ParetoNoise(dim: d, sigma: 0.5, a: 10), try UniformBallNoise(dim: d, sigma: 0.5),
            try ExpInfNoise(dim: d, sigma: 0.5, k: 10, j: 0), try PowInfNoise(dim: d, sigma: 0.5, a: dd + 1000),
            try Exp1Noise(dim: d, sigma: 0.5, k: 2), try Exp2Noise(dim: d, sigma: 0.5, k: 10, j: 100),
            try Pow2Noise(dim: d, sigma: 0.5, k: 1, a: dd + 1000), try ExppNoise(dim: d, sigma: 0.5, p: 0.5),
        ]
        for noise in noises {
            let delta = try noise.sampleNoise(rows: 2, stream: RandomStream(seed: 7))
            XCTAssertTrue(delta.allSatisfy { $0.isFinite }, "\(noise)")
            let rms = (delta.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(delta.count)).squareRoot()
            // 3·10⁵ values: the iid noises are within ~1%; the radial ones vary by their radius law
            // (relative sd of R² ≤ ~0.06 per row here), so 15% is a coarse, safe bound for all.
            XCTAssertEqual(rms, 0.5, accuracy: 0.075, "\(noise)")
            var certified = 0
            for adv in [1.0, 2.0, .infinity] {
                do {
                    let r = try noise.certify(0.9, adv: adv, cache: TestSupport.cache)
                    XCTAssertTrue(r.isFinite && r > 0, "\(noise) adv \(adv): \(r)")
                    certified += 1
                } catch let error as NoiseError {
                    XCTFail("\(noise) adv \(adv): \(error)")
                }
            }
            XCTAssertEqual(certified, 3)
        }
    }

    /// Tables against the direct solve at d = 150528 (σ = 1): one differential (ExpInf k = 10,
    /// ℓ∞) and one level-set table (Exp2 k = 10, j = 100, ℓ2), from ρ = ½ + 1e-6 to 1 − 1e-9:
    /// never above the exact radius (+1e-9 relative), within 1e-4 relative + 1e-7 of it.
    func testTablesAgainstDirectSolveAtImageNetSize() throws {
        let rhos = [0.5 + 1e-6, 0.501, 0.52, 0.6, 0.75, 0.9, 0.99, 0.9999, 1 - 1e-6, 1 - 1e-9]
        let cases: [(any TableBackedNoise, Double)] = [
            (try ExpInfNoise(dim: d, sigma: 1, k: 10), .infinity),
            (try Exp2Noise(dim: d, sigma: 1, k: 10, j: 100), 2),
        ]
        for (noise, adv) in cases {
            let exact = try noise.exactRadii(rhos, adv: adv)
            for (rho, r) in zip(rhos, exact) {
                let certified = try noise.certify(rho, adv: adv, method: .table, cache: TestSupport.cache)
                XCTAssertLessThanOrEqual(certified, r * (1 + 1e-9), "\(noise) ρ = \(rho): above the exact radius")
                XCTAssertLessThanOrEqual(r - certified, max(1e-4 * r, 1e-7), "\(noise) ρ = \(rho): \(certified) vs exact \(r)")
            }
        }
    }
}
