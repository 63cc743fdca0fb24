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
    try SmoothingInputs.alpha(alpha)
    try SmoothingInputs.samples(n0, name: "n0")
    try SmoothingInputs.samples(n, name: "n")
    _ = try noise.certify(0.5, adv: adv)  // validates adv and that a certificate exists, before drawing
    let inputs = try SmoothingInputs.inputCount(x, dim: classifier.inputDimension)
    let perInput = n0.addingReportingOverflow(n)
    guard !perInput.overflow else { throw SmoothingError.invalidArgument("n0 + n overflows") }
    let engine = try SmoothingEngine(classifier: classifier, noise: noise, options: options,
                                     maxDraws: max(n0, n),
                                     totalDraws: try SmoothingInputs.product(inputs, perInput.partialValue, "total draws"))
    let selection = RandomStream(seed: options.seed, stream: DrawPurpose.selection.rawValue)
    let estimation = RandomStream(seed: options.seed, stream: DrawPurpose.estimation.rawValue)
    return try x.withUnsafeBufferPointer { xs in
        try (0..<inputs).map { i in
            let input = xs.baseAddress! + i * engine.dim
            let chosen = topTwo(try engine.counts(input: input, stream: selection.substream(UInt64(i)), samples: n0)).first
            let counts = try engine.counts(input: input, stream: estimation.substream(UInt64(i)), samples: n)
            let rho = try SmoothingInputs.lowerBound(counts[chosen], n, alpha: alpha, bound: options.bound)
            guard rho > 0.5 else { return Certification(predictedClass: nil, radius: 0, rhoLowerBound: rho) }
            return Certification(predictedClass: chosen, radius: try noise.certify(rho, adv: adv), rhoLowerBound: rho)
        }
    }
}

/// PREDICT: from `n` draws per input take the top two counts n1 ≥ n2 and return the top class
/// when the two-sided binomial test of n1 successes in n1 + n2 trials at ½ has p-value ≤ α,
/// else nil (abstain). With probability ≥ 1 − α, a returned class is the smoothed prediction.
/// Draws are prediction-purpose (independent of selection and estimation draws).
/// - Throws: `SmoothingError`, the classifier's errors.
public func predict(_ classifier: any Classifier, _ x: [Float], noise: any Noise, n: Int, alpha: Double,
                    options: SmoothingOptions = SmoothingOptions()) throws -> [Int?] {
    try SmoothingInputs.alpha(alpha)
    let counts = try smoothCounts(classifier, x, noise: noise, samples: n, purpose: .prediction, options: options)
    return try counts.map { row in
        let (top, second) = topTwo(row)
        let n1 = row[top], n2 = second.map { row[$0] } ?? 0
        let p = try BinomialStatistics.binomialTestPValue(successes: n1, trials: n1 + n2, p: 0.5)
        return p <= alpha ? top : nil
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
