// Typed errors of the network engine: every failure names what was wrong and what is allowed.

/// A key whose tensor shape in the checkpoint differs from the shape the architecture declares.
public struct ShapeMismatch: Sendable, Equatable, CustomStringConvertible {
    /// The key as it appears in the checkpoint.
    public let key: String
    /// The shape the architecture expects.
    public let expected: [Int]
    /// The shape found in the checkpoint.
    public let found: [Int]

    /// A mismatch of `key` (checkpoint spelling) between the `expected` and `found` shapes.
    public init(key: String, expected: [Int], found: [Int]) {
        self.key = key
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(key): expected shape \(expected), checkpoint has \(found)"
    }
}

/// Errors raised while building, loading or running a network.
public enum NetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The (architecture, dataset) pair is not in the registry; `known` lists the valid pairs.
    case unknownModel(architecture: String, dataset: String, known: [String])
    /// An architecture or dataset parameter is outside its allowed range.
    case invalidParameter(name: String, message: String)
    /// The input tensor's shape does not fit the model (`expected` describes the accepted shape).
    case invalidInputShape(expected: String, found: [Int])
    /// A buffer passed to `forward` has the wrong number of elements.
    case invalidBufferSize(name: String, expected: Int, found: Int)
    /// Strict loading failed: every missing key, unexpected key and shape mismatch, all at once.
    case stateDictMismatch(missing: [String], unexpected: [String], shapeMismatches: [ShapeMismatch])
    /// A checkpoint tensor could not be converted to Float32 (e.g. a non-floating dtype).
    case unreadableTensor(key: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownModel(architecture, dataset, known):
            return "unknown model (architecture: \"\(architecture)\", dataset: \"\(dataset)\"); "
                + "known models: \(known.joined(separator: ", "))"
        case let .invalidParameter(name, message):
            return "invalid parameter \(name): \(message)"
        case let .invalidInputShape(expected, found):
            return "invalid input shape \(found): expected \(expected)"
        case let .invalidBufferSize(name, expected, found):
            return "buffer \(name) has \(found) elements, expected \(expected)"
        case let .stateDictMismatch(missing, unexpected, shapeMismatches):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing keys: \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { parts.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
            if !shapeMismatches.isEmpty {
                parts.append("shape mismatches: \(shapeMismatches.map(\.description).joined(separator: "; "))")
            }
            return "state dict does not match the architecture — " + parts.joined(separator: " | ")
        case let .unreadableTensor(key, reason):
            return "cannot read tensor \(key) as float32: \(reason)"
        }
    }
}
