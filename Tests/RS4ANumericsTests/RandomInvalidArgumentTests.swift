// Invalid parameters never trap: bulk fills write NaN everywhere, source draws return NaN,
// and threads < 1 behaves as 1. Empty buffers are fine.
import Foundation
import RS4ANumerics
import XCTest

final class RandomInvalidArgumentTests: XCTestCase {
    let stream = RandomStream(seed: 1)

    func floats(_ fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
        var out = [Float](repeating: 0, count: 100)
        out.withUnsafeMutableBufferPointer { fill($0) }
        return out
    }

    func doubles(_ fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        var out = [Double](repeating: 0, count: 10)
        out.withUnsafeMutableBufferPointer { fill($0) }
        return out
    }

    func testFloatFillsWriteNaNForInvalidParameters() {
        let bad: [Float] = [0, -1, .nan, .infinity, -.infinity]
        for scale in bad {
            XCTAssertTrue(floats { Samplers.fillExponential($0, scale: scale, stream: stream) }.allSatisfy(\.isNaN), "exp \(scale)")
            XCTAssertTrue(floats { Samplers.fillLaplace($0, loc: 0, scale: scale, stream: stream) }.allSatisfy(\.isNaN), "laplace \(scale)")
            XCTAssertTrue(floats { Samplers.fillNormal($0, mean: 0, std: scale, stream: stream) }.allSatisfy(\.isNaN), "normal \(scale)")
        }
        for location: Float in [.nan, .infinity] {
            XCTAssertTrue(floats { Samplers.fillLaplace($0, loc: location, scale: 1, stream: stream) }.allSatisfy(\.isNaN))
            XCTAssertTrue(floats { Samplers.fillNormal($0, mean: location, std: 1, stream: stream) }.allSatisfy(\.isNaN))
        }
        // Extreme but valid scales work (no squaring of std inside).
        XCTAssertTrue(floats { Samplers.fillNormal($0, mean: 0, std: 1e30, stream: stream) }.allSatisfy(\.isFinite))
        XCTAssertTrue(floats { Samplers.fillNormal($0, mean: 0, std: 1e-30, stream: stream) }.contains { $0 != 0 })
        for (low, high): (Float, Float) in [(1, 1), (2, 1), (.nan, 1), (0, .nan), (-.infinity, 0), (0, .infinity),
                                            (-Float.greatestFiniteMagnitude, Float.greatestFiniteMagnitude)] {
            XCTAssertTrue(floats { Samplers.fillUniform($0, low: low, high: high, stream: stream) }.allSatisfy(\.isNaN), "\(low) \(high)")
        }
    }

    func testDoubleFillsWriteNaNForInvalidParameters() {
        for shape in [0, -2, Double.nan, .infinity] {
            XCTAssertTrue(doubles { Samplers.fillGamma($0, shape: shape, stream: stream) }.allSatisfy(\.isNaN), "gamma \(shape)")
            XCTAssertTrue(doubles { Samplers.fillBetaPrime($0, a: shape, b: 1, stream: stream) }.allSatisfy(\.isNaN))
            XCTAssertTrue(doubles { Samplers.fillBetaPrime($0, a: 1, b: shape, stream: stream) }.allSatisfy(\.isNaN))
        }
    }

    func testSourceDrawsReturnNaNForInvalidParameters() {
        var source = stream.makeSource()
        for shape in [0, -1, Double.nan, .infinity, -.infinity] {
            XCTAssertTrue(source.nextGamma(shape: shape).isNaN)
            XCTAssertTrue(source.nextBetaPrime(a: shape, b: 2).isNaN)
            XCTAssertTrue(source.nextBetaPrime(a: 2, b: shape).isNaN)
        }
        // Valid draws still work afterwards.
        XCTAssertTrue(source.nextGamma(shape: 2).isFinite)
    }

    func testNonPositiveThreadCountsAndEmptyBuffers() {
        let reference = floats { Samplers.fillNormal($0, mean: 0, std: 1, stream: stream, threads: 1) }
        XCTAssertEqual(floats { Samplers.fillNormal($0, mean: 0, std: 1, stream: stream, threads: 0) }, reference)
        XCTAssertEqual(floats { Samplers.fillNormal($0, mean: 0, std: 1, stream: stream, threads: -4) }, reference)
        var empty: [Float] = []
        empty.withUnsafeMutableBufferPointer { Samplers.fillUniform($0, low: 0, high: 1, stream: stream, threads: 4) }
        var emptyDoubles: [Double] = []
        emptyDoubles.withUnsafeMutableBufferPointer { Samplers.fillGamma($0, shape: 1, stream: stream, threads: 4) }
        XCTAssertTrue(empty.isEmpty && emptyDoubles.isEmpty)
        // A degenerate but valid uniform range is [low, high) with tiny width.
        let narrow = floats { Samplers.fillUniform($0, low: 1, high: 1.0000001, stream: stream) }
        XCTAssertTrue(narrow.allSatisfy { $0 >= 1 && $0 <= 1.0000001 })
    }

    func testParallelForEachChunkCoversEveryIndexOnce() {
        for count in [0, 1, 5, 64, 1001] {
            for threads in [-1, 0, 1, 2, 3, 8, 2000] {
                let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
                hits.initialize(repeating: 0)
                defer { hits.deallocate() }
                nonisolated(unsafe) let shared = hits
                let chunkCount = ManagedAtomicCounter()
                Parallel.forEachChunk(count: count, threads: threads) { range in
                    chunkCount.increment()
                    for i in range { shared[i] += 1 }
                }
                XCTAssertTrue(hits.prefix(count).allSatisfy { $0 == 1 }, "count \(count), threads \(threads)")
                XCTAssertEqual(chunkCount.value, count == 0 ? 0 : min(max(threads, 1), count))
            }
        }
    }

    func testDefaultThreadCountReadsEnvironment() {
        let saved = ProcessInfo.processInfo.environment["RS4A_NUM_THREADS"]
        defer {
            if let saved { setenv("RS4A_NUM_THREADS", saved, 1) } else { unsetenv("RS4A_NUM_THREADS") }
        }
        setenv("RS4A_NUM_THREADS", "3", 1)
        XCTAssertEqual(Parallel.defaultThreadCount, 3)
        for bad in ["0", "-2", "many", ""] {
            setenv("RS4A_NUM_THREADS", bad, 1)
            XCTAssertEqual(Parallel.defaultThreadCount, ProcessInfo.processInfo.activeProcessorCount, bad)
        }
        unsetenv("RS4A_NUM_THREADS")
        XCTAssertEqual(Parallel.defaultThreadCount, ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertGreaterThanOrEqual(Parallel.defaultThreadCount, 1)
    }
}

/// A lock-protected counter for counting concurrent chunk calls.
final class ManagedAtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
