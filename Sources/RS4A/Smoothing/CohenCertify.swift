import RS4ANumerics
import RS4ANoises

// Cohen et al.'s CERTIFY and PREDICT (NOISES.md, "The smoothing side"), with abstention.

/// The outcome of `certify` for one input.
public struct Certification: Sendable, Equatable {
    /// The certified class, or nil when the smoothed classifier abstains (ρ ≤ ½).
    public let predictedClass: Int?
    /// The certified ℓp radius (0 on abstention).
    public let radius: Double
    /// The Clopper–Pearson lower bound ρ on the chosen class's probability (reported even on abstention).
    public let rhoLowerBound: Double

    public init(predictedClass: Int?, radius: Double, rhoLowerBound: Double) {
        self.predictedClass = predictedClass
        self.radius = radius
        self.rhoLowerBound = rhoLowerBound
    }
}

/// CERTIFY: choose ĉ = the most frequent class of `n0` selection draws, count ĉ in `n` fresh
/// estimation draws, bound its probability by ρ (Clopper–Pearson at level α, one-sided unless
/// `options.bound == .twoSided`), abstain when ρ ≤ ½, else return ĉ and `noise.certify(ρ, adv:)`.
/// With probability ≥ 1 − α per input, a returned class is the smoothed classifier's prediction
/// everywhere within the radius.
///
/// Selection draws equal those of `smoothPredictHard(…, samples: n0)` and estimation draws those
/// of `certifyProbLB(…, samples: n)` with the same options.
///
/// - Parameters:
///   - n0: selection draws per input (≥ 1); n: estimation draws per input (≥ 1).
///   - alpha: α ∈ (0, 1).
///   - adv: the ℓp exponent of the adversary, p ∈ [1, ∞] (checked before any draw).
/// - Throws: `SmoothingError`, `NoiseError` (e.g. `.noCertificate` for this noise and adversary),
///   the classifier's errors.
public func certify(_ classifier: any Classifier, _ x: [Float], noise: any Noise, n0: Int, n: Int, alpha: Double,
                    adv: Double, options: SmoothingOptions = SmoothingOptions()) throws -> [Certification] {
    try collectPerInput(x) { xs, body in
        try certify(classifier, xs, noise: noise, n0: n0, n: n, alpha: alpha, adv: adv, options: options, forEachInput: body)
    }
}

/// `certify` on a caller's buffer: input i's certification goes to `body(i, …)`, in order.
/// Input i's selection and estimation draws are two consecutive jobs of one engine run, so
/// batches span inputs and both phases.
package func certify(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, noise: any Noise, n0: Int, n: Int,
                     alpha: Double, adv: Double, options: SmoothingOptions,
                     forEachInput body: (_ input: Int, _ result: Certification) throws -> Void) throws {
    try SmoothingInputs.alpha(alpha)
    try SmoothingInputs.samples(n0, name: "n0")
    try SmoothingInputs.samples(n, name: "n")
    _ = try noise.certify(0.5, adv: adv, cache: options.tableCache)  // validates adv and that a certificate exists, before drawing
    let inputs = try SmoothingInputs.inputCount(x, dim: classifier.inputDimension)
    let perInput = n0.addingReportingOverflow(n)
    guard !perInput.overflow else { throw SmoothingError.invalidArgument("n0 + n overflows") }
    let engine = try SmoothingEngine(classifier: classifier, noise: noise, x: x, options: options,
                                     totalDraws: try SmoothingInputs.product(inputs, perInput.partialValue, "total draws"))
    let selection = RandomStream(seed: options.seed, stream: DrawPurpose.selection.rawValue)
    let estimation = RandomStream(seed: options.seed, stream: DrawPurpose.estimation.rawValue)
    // Job 2i: input i's n0 selection draws; job 2i + 1: its n estimation draws (2·inputs ≤ the
    // total draws, which did not overflow).
    var chosen = 0
    try engine.counts(jobs: 2 * inputs, job: { k in
        let i = k / 2
        return k % 2 == 0 ? DrawJob(input: i, stream: selection.substream(UInt64(i)), samples: n0)
                          : DrawJob(input: i, stream: estimation.substream(UInt64(i)), samples: n)
    }) { k, counts in
        if k % 2 == 0 {
            chosen = topTwo(counts).first
            return
        }
        let rho = try SmoothingInputs.lowerBound(counts[chosen], n, alpha: alpha, bound: options.bound)
        guard rho > 0.5 else { return try body(k / 2, Certification(predictedClass: nil, radius: 0, rhoLowerBound: rho)) }
        try body(k / 2, Certification(predictedClass: chosen, radius: try noise.certify(rho, adv: adv, cache: options.tableCache),
                                      rhoLowerBound: rho))
    }
}

/// PREDICT: from `n` draws per input take the top two counts n1 ≥ n2 and return the top class
/// when the two-sided binomial test of n1 successes in n1 + n2 trials at ½ has p-value ≤ α,
/// else nil (abstain). With probability ≥ 1 − α, a returned class is the smoothed prediction.
/// Draws are prediction-purpose (independent of selection and estimation draws).
/// - Throws: `SmoothingError`, the classifier's errors.
public func predict(_ classifier: any Classifier, _ x: [Float], noise: any Noise, n: Int, alpha: Double,
                    options: SmoothingOptions = SmoothingOptions()) throws -> [Int?] {
    try collectPerInput(x) { xs, body in
        try predict(classifier, xs, noise: noise, n: n, alpha: alpha, options: options, forEachInput: body)
    }
}

/// `predict` on a caller's buffer: input i's class (nil = abstain) goes to `body(i, …)`, in order.
package func predict(_ classifier: any Classifier, _ x: UnsafeBufferPointer<Float>, noise: any Noise, n: Int,
                     alpha: Double, options: SmoothingOptions,
                     forEachInput body: (_ input: Int, _ predictedClass: Int?) throws -> Void) throws {
    try SmoothingInputs.alpha(alpha)
    try smoothCounts(classifier, x, noise: noise, samples: n, purpose: .prediction, options: options) { i, row in
        let (top, second) = topTwo(row)
        let n1 = row[top], n2 = second.map { row[$0] } ?? 0
        let p = try BinomialStatistics.binomialTestPValue(successes: n1, trials: n1 + n2, p: 0.5)
        try body(i, p <= alpha ? top : nil)
    }
}

/// Indices of the largest count (the first on ties) and of the largest among the others.
func topTwo(_ counts: [Int]) -> (first: Int, second: Int?) {
    var first = 0
    for j in counts.indices where counts[j] > counts[first] { first = j }
    var second: Int?
    for j in counts.indices where j != first {
        if let s = second, counts[j] <= counts[s] { continue }
        second = j
    }
    return (first, second)
}
