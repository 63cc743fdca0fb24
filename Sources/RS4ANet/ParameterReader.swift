import Foundation

// Collects a network's parameters by state_dict key while the architecture is built, the way
// PyTorch's strict load_state_dict checks them: every missing key, unexpected key and shape
// mismatch is recorded and reported together by `finish()`.
//
// Architectures ask for canonical keys ("norm.mu", "model.conv1.weight"). Checkpoint keys are
// canonicalised by dropping the `module` path segments that nn.DataParallel inserts
// ("model.module.conv1.weight" → "model.conv1.weight"); error messages use the file's own
// spelling, or for missing keys the spelling the reference would have written.

/// Where parameter values come from while a network is built.
protocol TensorProvider {
    var keys: [String] { get }
    func shape(of key: String) -> [Int]?
    func floats(of key: String) throws -> [Float]
}

/// How a parameter is initialised when the weights are random (benchmarks, smoke tests).
enum RandomInit {
    /// N(0, 2/fanIn) — keeps activations of deep ReLU networks in range.
    case he(fanIn: Int)
    case constant(Float)
    case values([Float])
}

final class ParameterReader {
    private let provider: (any TensorProvider)?
    private var rng: SplitMix64
    private let dataParallel: Bool
    /// canonical key → key as spelled in the file.
    private var fileKeys: [String: String] = [:]
    private var duplicates: [String] = []
    private var consumed: Set<String> = []
    private var missing: [String] = []
    private var mismatches: [ShapeMismatch] = []
    private var unreadable: NetError?

    init(provider: (any TensorProvider)?, randomSeed: UInt64, dataParallel: Bool) {
        self.provider = provider
        self.rng = SplitMix64(seed: randomSeed)
        self.dataParallel = dataParallel
        for key in provider?.keys ?? [] {
            let canonical = Self.canonical(key)
            if fileKeys[canonical] == nil { fileKeys[canonical] = key } else { duplicates.append(key) }
        }
    }

    static func canonical(_ key: String) -> String {
        key.split(separator: ".", omittingEmptySubsequences: false).filter { $0 != "module" }.joined(separator: ".")
    }

    /// The spelling the reference wrapper writes for a canonical key.
    private func referenceSpelling(_ canonical: String) -> String {
        guard dataParallel, let dot = canonical.firstIndex(of: ".") else { return canonical }
        return canonical[..<dot] + ".module" + canonical[dot...]
    }

    /// The parameter `key` of `shape`; `alternativeShapes` are accepted as well (same element count).
    func take(_ key: String, shape: [Int], random: RandomInit, alternativeShapes: [[Int]] = []) -> [Float] {
        let count = shape.reduce(1, *)
        guard let provider else { return randomValues(count: count, random) }
        consumed.insert(key)
        guard let fileKey = fileKeys[key], let found = provider.shape(of: fileKey) else {
            missing.append(referenceSpelling(key))
            return [Float](repeating: 0, count: count)
        }
        guard found == shape || alternativeShapes.contains(found) else {
            mismatches.append(ShapeMismatch(key: fileKey, expected: shape, found: found))
            return [Float](repeating: 0, count: count)
        }
        do {
            let values = try provider.floats(of: fileKey)
            guard values.count == count else {
                mismatches.append(ShapeMismatch(key: fileKey, expected: shape, found: [values.count]))
                return [Float](repeating: 0, count: count)
            }
            return values
        } catch {
            if unreadable == nil { unreadable = .unreadableTensor(key: fileKey, reason: "\(error)") }
            return [Float](repeating: 0, count: count)
        }
    }

    /// The four tensors of a BatchNorm2d at `prefix`; its num_batches_tracked is accepted and ignored.
    func batchNorm(_ prefix: String, channels: Int) -> BatchNormParameters {
        consumed.insert(prefix + ".num_batches_tracked")
        return BatchNormParameters(
            weight: take(prefix + ".weight", shape: [channels], random: .constant(1)),
            bias: take(prefix + ".bias", shape: [channels], random: .constant(0)),
            runningMean: take(prefix + ".running_mean", shape: [channels], random: .constant(0)),
            runningVar: take(prefix + ".running_var", shape: [channels], random: .constant(1)))
    }

    /// Throws the aggregated strict-loading error, if any.
    func finish() throws {
        if let unreadable { throw unreadable }
        guard provider != nil else { return }
        let unexpected = fileKeys.filter { !consumed.contains($0.key) }.map(\.value) + duplicates
        if !missing.isEmpty || !unexpected.isEmpty || !mismatches.isEmpty {
            throw NetError.stateDictMismatch(
                missing: missing, unexpected: unexpected.sorted(), shapeMismatches: mismatches)
        }
    }

    private func randomValues(count: Int, _ kind: RandomInit) -> [Float] {
        switch kind {
        case .constant(let v): return [Float](repeating: v, count: count)
        case .values(let v): return v
        case .he(let fanIn):
            let std = (2.0 / Double(max(fanIn, 1))).squareRoot()
            return (0..<count).map { _ in Float(rng.nextGaussian() * std) }
        }
    }
}

/// A small deterministic generator for random benchmark weights (not for statistics).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func nextUniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }

    /// Standard normal by Box–Muller.
    mutating func nextGaussian() -> Double {
        let u = nextUniform(), v = nextUniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}
