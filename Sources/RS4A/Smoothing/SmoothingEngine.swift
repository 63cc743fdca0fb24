import Foundation
import RS4ANumerics
import RS4ANoises

// The hot loop of every smoothing call: sample → forward → (argmax | softmax), over noise
// batches. The batch buffers are allocated once per call and reused for every batch; each
// batch is cut into fixed units of rows (see `SmoothingOptions.unitRows(forInputDimension:)`),
// the units are shared among the workers, and a worker samples a unit's rows and runs the
// classifier on them in one call. Reductions over a batch (counting, softmax sums) run on the
// calling thread in row order, so results do not depend on the thread count or batch size.

/// Per-call state: the validated sizes, the reusable buffers and the progress counter.
final class SmoothingEngine {
    /// The largest noise batch buffer accepted, in Float32 values (1 GiB).
    static let maxBatchValues = 1 << 28

    let classifier: any Classifier
    let noise: any Noise
    let dim: Int
    let classes: Int
    let threads: Int
    let batchRows: Int
    /// Rows per classifier call (see `SmoothingOptions.unitRows(forInputDimension:)`).
    let unitRows: Int
    private let noisy: UnsafeMutablePointer<Float>
    private let logits: UnsafeMutablePointer<Float>
    private let progress: ((Int, Int) -> Bool)?
    private let total: Int
    private var done = 0

    /// Validates the shapes and options and allocates the batch buffers for calls that draw at
    /// most `maxDraws` samples per input and `totalDraws` samples in all (for progress).
    init(classifier: any Classifier, noise: any Noise, options: SmoothingOptions,
         maxDraws: Int, totalDraws: Int) throws {
        let dim = classifier.inputDimension, classes = classifier.classes
        guard dim >= 1, classes >= 1 else {
            throw SmoothingError.shapeMismatch("the classifier must take ≥ 1 value and give ≥ 1 logit (has \(dim) and \(classes))")
        }
        guard noise.dim == dim else {
            throw SmoothingError.shapeMismatch("the noise has dim = \(noise.dim) but the classifier takes \(dim) values per input")
        }
        guard options.noiseBatchSize >= 1 else {
            throw SmoothingError.invalidArgument("noiseBatchSize must be ≥ 1, got \(options.noiseBatchSize)")
        }
        guard options.threads >= 1 else {
            throw SmoothingError.invalidArgument("threads must be ≥ 1, got \(options.threads)")
        }
        // Batches hold whole units (noiseBatchSize rounded up to a multiple of unitRows).
        let unit = SmoothingOptions.unitRows(forInputDimension: dim)
        let requested = min(options.noiseBatchSize, Int.max - unit)
        let rows = max(1, min((requested + unit - 1) / unit * unit, maxDraws))
        let (values, overflow) = rows.multipliedReportingOverflow(by: max(dim, classes))
        guard !overflow, values <= Self.maxBatchValues else {
            throw SmoothingError.invalidArgument(
                "noiseBatchSize × input size = \(rows) × \(dim) exceeds the \(Self.maxBatchValues)-value batch limit; lower noiseBatchSize")
        }
        // malloc (not Swift's allocate, which traps) so that an impossible size is an error.
        let noisyBytes = malloc(rows * dim * MemoryLayout<Float>.stride)
        let logitBytes = malloc(rows * classes * MemoryLayout<Float>.stride)
        guard let noisyBytes, let logitBytes else {
            free(noisyBytes)
            free(logitBytes)
            throw SmoothingError.invalidArgument("cannot allocate a noise batch of \(rows) × \(dim) values; lower noiseBatchSize")
        }
        let noisy = noisyBytes.bindMemory(to: Float.self, capacity: rows * dim)
        let logits = logitBytes.bindMemory(to: Float.self, capacity: rows * classes)
        self.classifier = classifier
        self.noise = noise
        self.dim = dim
        self.classes = classes
        self.threads = options.threads
        self.batchRows = rows
        self.unitRows = unit
        self.noisy = noisy
        self.logits = logits
        self.progress = options.progress
        self.total = totalDraws
    }

    deinit {
        free(noisy)
        free(logits)
    }

    /// Draws `samples` noisy copies of `input` (row draw j from `stream.substream(j)`), and
    /// hands every batch's logits (rows × classes, row-major) to `consume` in draw order.
    func run(input: UnsafePointer<Float>, stream: RandomStream, samples: Int,
             consume: (UnsafeBufferPointer<Float>, Int) -> Void) throws {
        var first = 0
        while first < samples {
            let rows = min(batchRows, samples - first)
            try forwardBatch(input: input, stream: stream, firstDraw: first, rows: rows)
            consume(UnsafeBufferPointer(start: logits, count: rows * classes), rows)
            first += rows
            done += rows
            if let progress, !progress(done, total) {
                throw SmoothingError.cancelled(done: done, total: total)
            }
        }
    }

    /// Class counts of argmax f(input + δ) over `samples` draws.
    func counts(input: UnsafePointer<Float>, stream: RandomStream, samples: Int) throws -> [Int] {
        var counts = [Int](repeating: 0, count: classes)
        let k = classes
        try run(input: input, stream: stream, samples: samples) { logits, rows in
            for r in 0..<rows { counts[Self.argmax(logits.baseAddress! + r * k, k)] += 1 }
        }
        return counts
    }

    /// Sum over `samples` draws of softmax f(input + δ) (Float64).
    func softmaxSums(input: UnsafePointer<Float>, stream: RandomStream, samples: Int) throws -> [Double] {
        var sums = [Double](repeating: 0, count: classes)
        let k = classes
        try run(input: input, stream: stream, samples: samples) { logits, rows in
            for r in 0..<rows { Self.addSoftmax(logits.baseAddress! + r * k, k, into: &sums) }
        }
        return sums
    }

    private func forwardBatch(input: UnsafePointer<Float>, stream: RandomStream, firstDraw: Int, rows: Int) throws {
        let io = BatchIO(input: input, noisy: noisy, logits: logits)
        let dim = self.dim, classes = self.classes, noise = self.noise, classifier = self.classifier
        let unit = unitRows
        let failure = FirstError()
        // Workers take whole units; a unit's rows are fixed by the draw index alone.
        Parallel.forEachChunk(count: (rows + unit - 1) / unit, threads: threads) { units in
            for u in units {
                let lo = u * unit, hi = min(rows, lo + unit)
                for r in lo..<hi {
                    let row = UnsafeMutableBufferPointer(start: io.noisy + r * dim, count: dim)
                    noise.fillNoiseRow(row, stream: stream.substream(UInt64(firstDraw + r)))
                    for i in 0..<dim { row[i] += io.input[i] }
                }
                do {
                    try classifier.logits(
                        UnsafeBufferPointer(start: io.noisy + lo * dim, count: (hi - lo) * dim), batch: hi - lo,
                        into: UnsafeMutableBufferPointer(start: io.logits + lo * classes, count: (hi - lo) * classes))
                } catch {
                    failure.record(error)
                    return
                }
            }
        }
        if let error = failure.error { throw error }
    }

    /// Index of the first maximum (NaN counts as the largest value, like torch.argmax).
    @inline(__always)
    static func argmax(_ row: UnsafePointer<Float>, _ k: Int) -> Int {
        var best = 0
        var bestValue = row[0]
        for j in 1..<max(k, 1) where row[j] > bestValue || (row[j].isNaN && !bestValue.isNaN) {
            best = j
            bestValue = row[j]
        }
        return best
    }

    /// Adds softmax(row) to `sums`, computed stably in Float64.
    @inline(__always)
    static func addSoftmax(_ row: UnsafePointer<Float>, _ k: Int, into sums: inout [Double]) {
        var maxLogit = -Double.infinity
        for j in 0..<k { maxLogit = max(maxLogit, Double(row[j])) }
        var total = 0.0
        for j in 0..<k { total += Foundation.exp(Double(row[j]) - maxLogit) }
        for j in 0..<k { sums[j] += Foundation.exp(Double(row[j]) - maxLogit) / total }
    }
}

/// The batch buffers as seen by workers that touch disjoint rows.
private struct BatchIO: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let noisy: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>
}

