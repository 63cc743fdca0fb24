import XCTest
import RS4A

/// Progress reporting, cancellation, abstention and argument checking.
final class SmoothingControlTests: XCTestCase {
    let f = HalfSpaceClassifier(w: [1, 0], b: 0)

    func testProgressIsMonotoneAndReachesTheTotal() throws {
        let noise = try UniformNoise(dim: 2, lambd: 1)
        var seen: [(Int, Int)] = []
        XCTAssertEqual(SmoothingOptions.unitRows(forInputDimension: 2), 256)
        var o = smoothing(batch: 256)
        o.progress = { done, total in seen.append((done, total)); return true }
        _ = try certify(f, [0.5, 0, -0.5, 0], noise: noise, n0: 64, n: 600, alpha: 0.01, adv: 1, options: o)
        XCTAssertEqual(seen.last?.0, 2 * 664)
        XCTAssertTrue(seen.allSatisfy { $0.1 == 2 * 664 })
        XCTAssertEqual(seen.map(\.0), seen.map(\.0).sorted())
        // One call per batch. The jobs in order — input 0's 64 selection draws, its 600 estimation
        // draws as units of 256, 256 and 88, then input 1's alike — packed into batches of ≤ 256
        // rows while whole units fit: [64] [256] [256] [88 + 64] [256] [256] [88].
        XCTAssertEqual(seen.map(\.0), [64, 320, 576, 728, 984, 1240, 1328])
    }

    func testBatchesSpanInputs() throws {
        // 8 inputs × 64 draws fit one 512-row batch: one progress call, not one per input.
        let noise = try UniformNoise(dim: 2, lambd: 1)
        var seen: [Int] = []
        var o = smoothing(batch: 512)
        o.progress = { done, _ in seen.append(done); return true }
        _ = try smoothPredictHard(f, [Float](repeating: 0.25, count: 16), noise: noise, samples: 64, options: o)
        XCTAssertEqual(seen, [512])
    }

    func testCancellationThrowsWithTheDrawsDone() throws {
        let noise = try UniformNoise(dim: 2, lambd: 1)
        var calls = 0
        var o = smoothing(batch: 100)  // rounded up to the 256-row unit of 2-value inputs
        o.progress = { _, _ in calls += 1; return calls < 3 }
        XCTAssertThrowsError(try smoothPredictHard(f, [0.5, 0], noise: noise, samples: 10_000, options: o)) { error in
            XCTAssertEqual(error as? SmoothingError, .cancelled(done: 768, total: 10_000))
        }
        XCTAssertEqual(calls, 3)
    }

    func testPredictAbstainsWithoutEvidence() throws {
        let noise = try UniformNoise(dim: 2, lambd: 1)
        // One draw: the binomial test of 1 of 1 has p-value 1.
        XCTAssertEqual(try predict(f, [0.9, 0], noise: noise, n: 1, alpha: 0.01, options: smoothing()), [nil])
        // Clear input (p = 0.95): predicted; p = ½: abstains (with probability ≥ 1 − α).
        XCTAssertEqual(try predict(f, [0.9, 0, 0, 0], noise: noise, n: 1000, alpha: 0.001, options: smoothing()), [1, nil])
        // Clean noise: every draw is f(x), the class is certain.
        XCTAssertEqual(try predict(f, [-0.3, 0], noise: try CleanNoise(dim: 2), n: 20, alpha: 0.001, options: smoothing()), [0])
    }

    func testCertifyAbstainsWhenTheBoundIsAtMostHalf() throws {
        let noise = try UniformNoise(dim: 2, lambd: 1)
        let r = try certify(f, [0.9, 0, 0.01, 0], noise: noise, n0: 64, n: 1, alpha: 0.001, adv: 1, options: smoothing())
        XCTAssertEqual(r.map(\.predictedClass), [nil, nil])  // n = 1 gives ρ ≤ 1 − … ≤ α^(1/1) = 0.001
        XCTAssertEqual(r[0].rhoLowerBound, 0.001, accuracy: 1e-12)
        XCTAssertEqual(r[0].radius, 0)
    }

    func testBadArgumentsAreTypedErrors() throws {
        let noise = try UniformNoise(dim: 2, lambd: 1)
        func invalid(_ body: () throws -> Any, _ label: String) {
            XCTAssertThrowsError(try body(), label) { error in
                guard case .invalidArgument? = error as? SmoothingError else { return XCTFail("\(label): \(error)") }
            }
        }
        invalid({ try smoothPredictHard(self.f, [0, 0], noise: noise, samples: 0) }, "samples 0")
        invalid({ try smoothPredictHard(self.f, [0, 0], noise: noise, samples: 5, options: smoothing(batch: 0)) }, "batch 0")
        invalid({ try smoothPredictHard(self.f, [0, 0], noise: noise, samples: 5, options: smoothing(threads: 0)) }, "threads 0")
        invalid({ try smoothPredictHard(self.f, [0, .nan], noise: noise, samples: 5) }, "NaN input")
        invalid({ try certifyProbLB(self.f, [0, 0], classes: [2], alpha: 0.1, noise: noise) }, "class out of range")
        invalid({ try certifyProbLB(self.f, [0, 0], classes: [1], alpha: .nan, noise: noise) }, "alpha NaN")
        invalid({ try certify(self.f, [0, 0], noise: noise, n0: 0, n: 5, alpha: 0.1, adv: 1) }, "n0 0")
        invalid({ try predict(self.f, [0, 0], noise: noise, n: 5, alpha: 1) }, "alpha 1")
        XCTAssertThrowsError(try smoothPredictHard(f, [0, 0, 0], noise: noise, samples: 5)) {
            XCTAssertEqual(($0 as? SmoothingError).map { "\($0)" }?.hasPrefix("shape mismatch"), true)
        }
        XCTAssertThrowsError(try smoothPredictHard(f, [0, 0, 0], noise: try UniformNoise(dim: 3, lambd: 1), samples: 5))
        XCTAssertThrowsError(try certify(f, [0, 0], noise: noise, n0: 5, n: 5, alpha: 0.1, adv: 0.5)) {
            guard case .invalidAdversary? = $0 as? NoiseError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try certify(f, [0, 0], noise: try ExpInfNoise(dim: 2, sigma: 1, k: 1, j: 1), n0: 5, n: 5,
                                         alpha: 0.1, adv: .infinity)) {
            guard case .noCertificate? = $0 as? NoiseError else { return XCTFail("\($0)") }
        }
    }
}
