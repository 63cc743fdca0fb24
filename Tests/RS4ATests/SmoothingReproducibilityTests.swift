import XCTest
import RS4A

/// Results depend only on (seed, input index, draw index): not on threads or batch size.
final class SmoothingReproducibilityTests: XCTestCase {
    let f = HalfSpaceClassifier(w: [0.5, -1, 0.25], b: 0.1, scale: 3)
    let x: [Float] = [0.2, 0.1, 0.4, -0.3, 0.5, 0.0, 1, 1, 1]

    func testSameSeedSameResultsForAnyThreadsAndBatch() throws {
        let noise = try LaplaceNoise(dim: 3, sigma: 0.7)
        let reference = try smoothPredictSoft(f, x, noise: noise, samples: 1000, options: smoothing(seed: 5, threads: 1))
        let hardReference = try smoothPredictHard(f, x, noise: noise, samples: 1000, options: smoothing(seed: 5, threads: 1))
        for (threads, batch) in [(2, 512), (3, 7), (4, 100), (1, 1)] {
            let o = smoothing(seed: 5, threads: threads, batch: batch)
            XCTAssertEqual(try smoothPredictSoft(f, x, noise: noise, samples: 1000, options: o), reference, "\(threads) / \(batch)")
            XCTAssertEqual(try smoothPredictHard(f, x, noise: noise, samples: 1000, options: o), hardReference)
        }
        let other = try smoothPredictSoft(f, x, noise: noise, samples: 1000, options: smoothing(seed: 6, threads: 1))
        XCTAssertNotEqual(other, reference)
    }

    func testCertifyIsSelectionThenEstimation() throws {
        let noise = try GaussianNoise(dim: 3, sigma: 0.5)
        let o = smoothing(seed: 9)
        let results = try certify(f, x, noise: noise, n0: 50, n: 800, alpha: 0.01, adv: 2, options: o)
        let selection = try smoothPredictHard(f, x, noise: noise, samples: 50, options: o)
        let chosen = selection.map { $0[1] > $0[0] ? 1 : 0 }
        let bounds = try certifyProbLB(f, x, classes: chosen, alpha: 0.01, noise: noise, samples: 800, options: o)
        for i in 0..<3 {
            XCTAssertEqual(results[i].rhoLowerBound, bounds[i])
            XCTAssertEqual(results[i].predictedClass, bounds[i] > 0.5 ? chosen[i] : nil)
        }
        XCTAssertEqual(try certify(f, x, noise: noise, n0: 50, n: 800, alpha: 0.01, adv: 2,
                                   options: smoothing(seed: 9, threads: 3, batch: 33)), results)
    }

    func testSelectionAndEstimationDrawsAreIndependent() throws {
        // With the same seed, the first estimation draws must not repeat the selection draws.
        let noise = try GaussianNoise(dim: 1, sigma: 1)
        let g = HalfSpaceClassifier(w: [1], b: 0, scale: 1)
        // certifyProbLB's single estimation draw: class 1 iff δ > 0; compare with the selection draw's sign.
        var agreements = 0
        for seed in 0..<200 as Range<UInt64> {
            let s = try smoothPredictSoft(g, [0], noise: noise, samples: 1, options: smoothing(seed: seed))[0][1] > 0.5
            let e = try certifyProbLB(g, [0], classes: [1], alpha: 0.5, noise: noise, samples: 1, options: smoothing(seed: seed))[0] > 0
            if s == e { agreements += 1 }
        }
        // Independent fair signs agree ~ Bin(200, ½): within 100 ± 40 except with probability < 10⁻⁸.
        XCTAssertTrue((60...140).contains(agreements), "\(agreements) of 200 agree")
    }
}
