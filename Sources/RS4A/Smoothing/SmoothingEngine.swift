import Foundation
import RS4ANumerics
import RS4ANoises

// The hot loop of every smoothing call: sample → forward → (argmax | softmax), over noise
// batches. A call is a list of draw jobs (one input's draws of one purpose); each job is cut
// into fixed units of rows (see `SmoothingOptions.unitRows(forInputDimension:)`), counted from
// the job's draw 0. A noise batch packs consecutive units — of one job or of several jobs, so
// of several inputs — and the workers share a batch's units: a worker samples a unit's rows
// and runs the classifier on them in one call. Reductions (counting, softmax sums) run on the
// calling thread in job and draw order. So results depend only on (seed, input, draw), never
// on the thread count or the batch size, and calls with few draws per input (n0 = 64) still
// keep every worker busy when they have several inputs.

/// One input's draws of one purpose: draw j is `stream.substream(j)`, for j in 0..<samples.
struct DrawJob {
    /// The input's row in x.
    let input: Int
    let stream: RandomStream
    let samples: Int
}

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
    private let x: UnsafeBufferPointer<Float>
    private let noisy: UnsafeMutablePointer<Float>
    private let logits: UnsafeMutablePointer<Float>
    private let progress: ((Int, Int) -> Bool)?
    private let total: Int
    private var done = 0

    /// Validates the shapes and options and allocates the batch buffers for a call on the inputs
    /// `x` (already validated by `SmoothingInputs.inputCount`) that draws `totalDraws` samples in all.
    init(classifier: any Classifier, noise: any Noise, x: UnsafeBufferPointer<Float>, options: SmoothingOptions,
         totalDraws: Int) throws {
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
        // Batches hold whole units (noiseBatchSize rounded up to a multiple of unitRows), and
        // never more rows than the call draws. Every unit fits: it has ≤ unitRows rows, and no
        // more rows than its own job.
        let unit = SmoothingOptions.unitRows(forInputDimension: dim)
        let requested = min(options.noiseBatchSize, Int.max - unit)
        let rows = max(1, min((requested + unit - 1) / unit * unit, totalDraws))
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
        self.classifier = classifier
        self.noise = noise
        self.dim = dim
        self.classes = classes
        self.threads = options.threads
        self.batchRows = rows
        self.unitRows = unit
        self.x = x
        self.noisy = noisyBytes.bindMemory(to: Float.self, capacity: rows * dim)
        self.logits = logitBytes.bindMemory(to: Float.self, capacity: rows * classes)
        self.progress = options.progress
        self.total = totalDraws
    }

    deinit {
        free(noisy)
        free(logits)
    }

    /// Runs jobs `0..<jobCount` (`job(k)` describes job k). Every batch's logits go to `consume`
    /// unit by unit, in job and draw order, as (job, rows × classes logits, rows); `finished(k)`
    /// follows job k's last unit. Jobs are built one at a time, so a call holds no per-job state.
    func run(jobs jobCount: Int, job: (Int) -> DrawJob,
             consume: (_ job: Int, _ logits: UnsafeBufferPointer<Float>, _ rows: Int) -> Void,
             finished: (_ job: Int) throws -> Void) throws {
        var units: [BatchUnit] = []
        var next = 0, nextDraw = 0
        var current = jobCount > 0 ? job(0) : nil
        while let pending = current {
            // Pack whole units into the batch while they fit.
            units.removeAll(keepingCapacity: true)
            var used = 0
            var packing: DrawJob? = pending
            while let j = packing {
                let rows = min(unitRows, j.samples - nextDraw)
                guard used + rows <= batchRows else { break }
                units.append(BatchUnit(job: next, input: j.input, stream: j.stream, firstDraw: nextDraw, rows: rows,
                                       offset: used, last: nextDraw + rows == j.samples))
                used += rows
                nextDraw += rows
                if nextDraw == j.samples {
                    next += 1
                    nextDraw = 0
                    packing = next < jobCount ? job(next) : nil
                }
            }
            current = packing
            // Cannot happen (every unit fits an empty batch, see init); never loop without progress.
            guard !units.isEmpty else {
                throw SmoothingError.invalidArgument("a unit of draws does not fit the \(batchRows)-row batch (totalDraws too small)")
            }
            try forward(units)
            for u in units {
                consume(u.job, UnsafeBufferPointer(start: logits + u.offset * classes, count: u.rows * classes), u.rows)
                if u.last { try finished(u.job) }
            }
            done += used
            if let progress, !progress(done, total) {
                throw SmoothingError.cancelled(done: done, total: total)
            }
        }
    }

    /// Class counts of argmax f(x + δ) per job, handed to `body` in job order.
    func counts(jobs jobCount: Int, job: (Int) -> DrawJob, _ body: (_ job: Int, _ counts: [Int]) throws -> Void) throws {
        let k = classes
        var counts = [Int](repeating: 0, count: k)
        try run(jobs: jobCount, job: job, consume: { _, logits, rows in
            for r in 0..<rows { counts[Self.argmax(logits.baseAddress! + r * k, k)] += 1 }
        }, finished: { j in
            try body(j, counts)
            for c in 0..<k { counts[c] = 0 }
        })
    }

    /// Sums over each job's draws of softmax f(x + δ) (Float64), handed to `body` in job order.
    func softmaxSums(jobs jobCount: Int, job: (Int) -> DrawJob,
                     _ body: (_ job: Int, _ sums: [Double]) throws -> Void) throws {
        let k = classes
        var sums = [Double](repeating: 0, count: k)
        try run(jobs: jobCount, job: job, consume: { _, logits, rows in
            for r in 0..<rows { Self.addSoftmax(logits.baseAddress! + r * k, k, into: &sums) }
        }, finished: { j in
            try body(j, sums)
            for c in 0..<k { sums[c] = 0 }
        })
    }

    /// Samples and classifies every unit of a batch; the workers take whole units.
    private func forward(_ units: [BatchUnit]) throws {
        let io = BatchIO(x: x.baseAddress!, noisy: noisy, logits: logits)
        let dim = self.dim, classes = self.classes, noise = self.noise, classifier = self.classifier
        let failure = FirstError()
        Parallel.forEachChunk(count: units.count, threads: threads) { range in
            for u in units[range] {
                let input = io.x + u.input * dim
                let rows = io.noisy + u.offset * dim
                for r in 0..<u.rows {
                    let row = UnsafeMutableBufferPointer(start: rows + r * dim, count: dim)
                    noise.fillNoiseRow(row, stream: u.stream.substream(UInt64(u.firstDraw + r)))
                    for i in 0..<dim { row[i] += input[i] }
                }
                do {
                    try classifier.logits(
                        UnsafeBufferPointer(start: rows, count: u.rows * dim), batch: u.rows,
                        into: UnsafeMutableBufferPointer(start: io.logits + u.offset * classes, count: u.rows * classes))
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

/// One classifier call of a batch: draws firstDraw..<firstDraw + rows of a job, at batch row `offset`.
private struct BatchUnit: Sendable {
    let job: Int
    let input: Int
    let stream: RandomStream
    let firstDraw: Int
    let rows: Int
    let offset: Int
    /// Whether this unit ends its job.
    let last: Bool
}

/// The inputs and batch buffers as seen by workers that touch disjoint rows.
private struct BatchIO: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let noisy: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>
}
