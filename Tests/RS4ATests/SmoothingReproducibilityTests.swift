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

    /// The snippet's case — several inputs, few draws each (64 < one 256-row unit): the workers
    /// share the batch's units of different inputs, and the results are those of one thread.
    func testFewDrawsOfSeveralInputsUseEveryWorkerWithTheSameResults() throws {
        let noise = try LaplaceNoise(dim: 3, sigma: 0.7)
        let inputs: [Float] = (0..<8).flatMap { i in x.map { $0 + Float(i) * 0.05 } }  // 8 inputs
        let serial = smoothing(seed: 5, threads: 1)
        let hard = try smoothPredictHard(f, inputs, noise: noise, samples: 64, options: serial)
        let soft = try smoothPredictSoft(f, inputs, noise: noise, samples: 64, options: serial)
        let certified = try certify(f, inputs, noise: noise, n0: 64, n: 200, alpha: 0.01, adv: 1, options: serial)
        let predicted = try predict(f, inputs, noise: noise, n: 64, alpha: 0.01, options: serial)
        for threads in [2, 3] {
            let log = ConcurrencyLog()
            let g = ObservedClassifier(base: f) { _, call in
                log.enter()
                defer { log.leave() }
                try call()
            }
            let o = smoothing(seed: 5, threads: threads)
            XCTAssertEqual(try smoothPredictHard(g, inputs, noise: noise, samples: 64, options: o), hard, "threads \(threads)")
            XCTAssertEqual(try smoothPredictSoft(g, inputs, noise: noise, samples: 64, options: o), soft, "threads \(threads)")
            XCTAssertEqual(try certify(g, inputs, noise: noise, n0: 64, n: 200, alpha: 0.01, adv: 1, options: o), certified)
            XCTAssertEqual(try predict(g, inputs, noise: noise, n: 64, alpha: 0.01, options: o), predicted)
            XCTAssertGreaterThanOrEqual(log.maxInFlight, 2, "threads \(threads): the classifier never ran on two threads at once")
        }
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

/// The unit of work per classifier call depends only on the input size.
final class SmoothingUnitTests: XCTestCase {
    func testUnitRowsByInputSize() {
        XCTAssertEqual(SmoothingOptions.unitRows(forInputDimension: 784), 256)
        XCTAssertEqual(SmoothingOptions.unitRows(forInputDimension: 3072), 64)
        XCTAssertEqual(SmoothingOptions.unitRows(forInputDimension: 3 * 224 * 224), 1)
        XCTAssertEqual(SmoothingOptions.unitRows(forInputDimension: 1), 256)
    }
}

/// Counts the classifier calls and their batch sizes (thread-safe).
final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var sizes: [Int] = []
    func record(_ batch: Int) { lock.lock(); sizes.append(batch); lock.unlock() }
    var batches: [Int] { lock.lock(); defer { lock.unlock() }; return sizes.sorted() }
}

/// A HalfSpaceClassifier whose every call runs inside `around(batch, call)`: the hook through which
/// the tests record batch sizes and concurrency.
struct ObservedClassifier: Classifier {
    let base: HalfSpaceClassifier
    let around: @Sendable (_ batch: Int, _ call: () throws -> Void) throws -> Void
    var inputDimension: Int { base.inputDimension }
    var classes: Int { base.classes }
    func logits(_ input: UnsafeBufferPointer<Float>, batch: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        try around(batch) { try base.logits(input, batch: batch, into: output) }
    }
}

extension SmoothingUnitTests {
    /// The classifier sees whole units of draws (never one draw at a time), the same units for
    /// any thread count: 1000 draws of a 2-value input are calls of 256, 256, 256 and 232 rows.
    func testClassifierIsCalledOncePerUnit() throws {
        let noise = try GaussianNoise(dim: 2, sigma: 1)
        for threads in [1, 2, 3] {
            let log = CallLog()
            let f = ObservedClassifier(base: HalfSpaceClassifier(w: [1, 1], b: 0)) { batch, call in
                log.record(batch)
                try call()
            }
            _ = try smoothPredictHard(f, [0, 0], noise: noise, samples: 1000, options: smoothing(threads: threads, batch: 512))
            XCTAssertEqual(log.batches, [232, 256, 256, 256], "threads \(threads)")
        }
    }
}

/// The largest number of classifier calls seen running at once. Each call waits (up to 2 s)
/// until a second call has been in flight at the same time, so a worker that gets a unit is
/// seen even when the units are tiny; with one unit per batch every call would wait 2 s.
final class ConcurrencyLog: @unchecked Sendable {
    private let condition = NSCondition()
    private var inFlight = 0
    private var peak = 0

    var maxInFlight: Int {
        condition.lock()
        defer { condition.unlock() }
        return peak
    }

    func enter() {
        condition.lock()
        inFlight += 1
        peak = max(peak, inFlight)
        condition.broadcast()
        let deadline = Date().addingTimeInterval(2)
        while peak < 2 && condition.wait(until: deadline) {}
        condition.unlock()
    }

    func leave() {
        condition.lock()
        inFlight -= 1
        condition.unlock()
    }
}
