import RS4ANumerics
import RS4ANoises

// smooth_predict_hard / smooth_predict_soft / certify_prob_lb of NOISES.md ("The smoothing side").

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
    let counts = try smoothCounts(classifier, x, noise: noise, samples: samples, purpose: .selection, options: options)
    return counts.map { row in row.map { Double($0) / Double(samples) } }
}

/// Mean of softmax f(x + δ) over `samples` draws for every input (upstream's
/// `smooth_predict_soft`; here the exact mean over all draws).
/// Same parameters, draws and errors as `smoothPredictHard`.
public func smoothPredictSoft(_ classifier: any Classifier, _ x: [Float], noise: any Noise, samples: Int = 64,
                              options: SmoothingOptions = SmoothingOptions()) throws -> [[Double]] {
    let n = try SmoothingInputs.inputCount(x, dim: classifier.inputDimension)
    try SmoothingInputs.samples(samples, name: "samples")
    let engine = try SmoothingEngine(classifier: classifier, noise: noise, options: options,
                                     maxDraws: samples, totalDraws: try SmoothingInputs.product(n, samples, "total draws"))
    let root = RandomStream(seed: options.seed, stream: DrawPurpose.selection.rawValue)
    return try x.withUnsafeBufferPointer { xs in
        try (0..<n).map { i in
            try engine.softmaxSums(input: xs.baseAddress! + i * engine.dim, stream: root.substream(UInt64(i)), samples: samples)
                .map { $0 / Double(samples) }
        }
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
    try SmoothingInputs.alpha(alpha)
    let n = try SmoothingInputs.inputCount(x, dim: classifier.inputDimension)
    guard classes.count == n else {
        throw SmoothingError.shapeMismatch("classes has \(classes.count) entries for \(n) inputs")
    }
    if let bad = classes.firstIndex(where: { $0 < 0 || $0 >= classifier.classes }) {
        throw SmoothingError.invalidArgument("classes[\(bad)] = \(classes[bad]) is not in 0..<\(classifier.classes)")
    }
    let counts = try smoothCounts(classifier, x, noise: noise, samples: samples, purpose: .estimation, options: options)
    return try zip(counts, classes).map { row, c in
        try SmoothingInputs.lowerBound(row[c], samples, alpha: alpha, bound: options.bound)
    }
}

/// Raw class counts of argmax f(x + δ) over `samples` draws of the given purpose, per input.
func smoothCounts(_ classifier: any Classifier, _ x: [Float], noise: any Noise, samples: Int, purpose: DrawPurpose,
                  options: SmoothingOptions) throws -> [[Int]] {
    let n = try SmoothingInputs.inputCount(x, dim: classifier.inputDimension)
    try SmoothingInputs.samples(samples, name: "samples")
    let engine = try SmoothingEngine(classifier: classifier, noise: noise, options: options,
                                     maxDraws: samples, totalDraws: try SmoothingInputs.product(n, samples, "total draws"))
    let root = RandomStream(seed: options.seed, stream: purpose.rawValue)
    return try x.withUnsafeBufferPointer { xs in
        try (0..<n).map { i in
            try engine.counts(input: xs.baseAddress! + i * engine.dim, stream: root.substream(UInt64(i)), samples: samples)
        }
    }
}
