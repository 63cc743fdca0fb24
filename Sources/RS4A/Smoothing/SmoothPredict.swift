import RS4ANumerics
import RS4ANoises

// smooth_predict_hard / smooth_predict_soft / certify_prob_lb of NOISES.md ("The smoothing side").
// Each public function on [Float] has a `package` twin on a caller's buffer that hands every
// input's result to a closure in input order (the C ABI uses those: no copy of the inputs).

/// Class frequencies of argmax f(x + δ) over `samples` draws for every input (upstream's
/// `smooth_predict_hard`).
///
/// - Parameters:
///   - classifier: the base classifier f.
///   - x: inputs, row-major, `classifier.inputDimension` finite values each.
///   - noise: the smoothing noise; `noise.dim` must equal the classifier's input size.
///   - samples: draws per input (≥ 1).
///   - options: batch size, seed, threads, progress (selection-purpose draws).
/// - Returns: one array of `classifier.classes` frequencies (summing to 1) per input.
/// - Throws: `SmoothingError` for bad arguments or cancellation; the classifier's errors.
public func smoothPredictHard(_ classifier: any Classifier, _ x: [Float], noise: any Noise, samples: Int = 64,
                              options: SmoothingOptions = SmoothingOptions()) throws -> [[Double]] {
    try collectPerInput(x) { xs, body in
        try smoothPredictHard(classifier, xs, noise: noise, samples: samples, options: options, forEachInput: body)
    }
}

/// `smoothPredictHard` on a caller's buffer: input i's frequencies go to `body(i, …)`, in order.
package func smoothPredictHard(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, noise: any Noise,
                               samples: Int, options: SmoothingOptions,
                               forEachInput body: (_ input: Int, _ frequencies: [Double]) throws -> Void) throws {
    try smoothCounts(classifier, x, noise: noise, samples: samples, purpose: .selection, options: options) { i, counts in
        try body(i, counts.map { Double($0) / Double(samples) })
    }
}

/// Mean of softmax f(x + δ) over `samples` draws for every input (upstream's
/// `smooth_predict_soft`; here the exact mean over all draws).
/// Same parameters, draws and errors as `smoothPredictHard`.
public func smoothPredictSoft(_ classifier: any Classifier, _ x: [Float], noise: any Noise, samples: Int = 64,
                              options: SmoothingOptions = SmoothingOptions()) throws -> [[Double]] {
    try collectPerInput(x) { xs, body in
        try smoothPredictSoft(classifier, xs, noise: noise, samples: samples, options: options, forEachInput: body)
    }
}

/// `smoothPredictSoft` on a caller's buffer: input i's mean softmax goes to `body(i, …)`, in order.
package func smoothPredictSoft(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, noise: any Noise,
                               samples: Int, options: SmoothingOptions,
                               forEachInput body: (_ input: Int, _ probabilities: [Double]) throws -> Void) throws {
    let (engine, jobs) = try samplesPerInput(classifier, x, noise: noise, samples: samples, purpose: .selection, options: options)
    try engine.softmaxSums(jobs: jobs.count, job: jobs.job) { i, sums in
        try body(i, sums.map { $0 / Double(samples) })
    }
}

/// Lower confidence bound ρ on P[f(x + δ) = classes[i]] for every input (upstream's
/// `certify_prob_lb`): k hits of `samples` fresh draws, then the one-sided Clopper–Pearson bound
/// B⁻¹_{k, n−k+1}(α) (0 when k = 0), or the two-sided interval's lower end when
/// `options.bound == .twoSided`. Draws are estimation-purpose, independent of the
/// `smoothPredictHard`/`smoothPredictSoft` draws made with the same seed.
///
/// - Parameters:
///   - classes: one class index per input, each in 0..<classifier.classes.
///   - alpha: α ∈ (0, 1): the bound holds with probability ≥ 1 − α.
///   - samples: draws per input (≥ 1; upstream default 100 000).
/// - Throws: `SmoothingError` for bad arguments or cancellation; the classifier's errors.
public func certifyProbLB(_ classifier: any Classifier, _ x: [Float], classes: [Int], alpha: Double, noise: any Noise,
                          samples: Int = 100_000, options: SmoothingOptions = SmoothingOptions()) throws -> [Double] {
    try collectPerInput(x) { xs, body in
        let n = try SmoothingInputs.rowCount(xs, dim: classifier.inputDimension)
        guard classes.count == n else {
            throw SmoothingError.shapeMismatch("classes has \(classes.count) entries for \(n) inputs")
        }
        try certifyProbLB(classifier, xs, classOf: { classes[$0] }, alpha: alpha, noise: noise, samples: samples,
                          options: options, forEachInput: body)
    }
}

/// `certifyProbLB` on a caller's buffer, input i's class being `classOf(i)`: input i's bound goes
/// to `body(i, …)`, in order. Every class is checked before any draw.
package func certifyProbLB(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, classOf: (Int) -> Int,
                           alpha: Double, noise: any Noise, samples: Int, options: SmoothingOptions,
                           forEachInput body: (_ input: Int, _ bound: Double) throws -> Void) throws {
    try SmoothingInputs.alpha(alpha)
    let n = try SmoothingInputs.rowCount(x, dim: classifier.inputDimension)  // values are checked by smoothCounts
    if let bad = (0..<n).first(where: { classOf($0) < 0 || classOf($0) >= classifier.classes }) {
        throw SmoothingError.invalidArgument("classes[\(bad)] = \(classOf(bad)) is not in 0..<\(classifier.classes)")
    }
    try smoothCounts(classifier, x, noise: noise, samples: samples, purpose: .estimation, options: options) { i, counts in
        try body(i, try SmoothingInputs.lowerBound(counts[classOf(i)], samples, alpha: alpha, bound: options.bound))
    }
}

/// Raw class counts of argmax f(x + δ) over `samples` draws of the given purpose, per input,
/// handed to `body` in input order.
func smoothCounts(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, noise: any Noise, samples: Int,
                  purpose: DrawPurpose, options: SmoothingOptions,
                  _ body: (_ input: Int, _ counts: [Int]) throws -> Void) throws {
    let (engine, jobs) = try samplesPerInput(classifier, x, noise: noise, samples: samples, purpose: purpose, options: options)
    try engine.counts(jobs: jobs.count, job: jobs.job, body)
}

/// The engine for `samples` draws of the given purpose from each input of `x` (checked here:
/// shape, finite values, samples ≥ 1), and its jobs: job i is input i's draws.
private func samplesPerInput(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, noise: any Noise,
                             samples: Int, purpose: DrawPurpose, options: SmoothingOptions) throws
    -> (engine: SmoothingEngine, jobs: (count: Int, job: (Int) -> DrawJob)) {
    let n = try SmoothingInputs.inputCount(x, dim: classifier.inputDimension)
    try SmoothingInputs.samples(samples, name: "samples")
    let engine = try SmoothingEngine(classifier: classifier, noise: noise, x: x, options: options,
                                     totalDraws: try SmoothingInputs.product(n, samples, "total draws"))
    let root = RandomStream(seed: options.seed, stream: purpose.rawValue)
    return (engine, (n, { DrawJob(input: $0, stream: root.substream(UInt64($0)), samples: samples) }))
}
