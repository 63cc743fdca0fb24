// The base classifier f that smoothing wraps: anything that maps a batch of inputs to logits.

/// A base classifier for randomized smoothing: maps inputs of `inputDimension` Float32 values
/// to `classes` logits. `Network` conforms; tests use closed-form classifiers.
///
/// Implementations must be safe to call from several threads at once on disjoint buffers
/// (smoothing splits each noise batch between worker threads).
public protocol Classifier: Sendable {
    /// Values per input (C·H·W for images).
    var inputDimension: Int { get }
    /// Number of logits per input.
    var classes: Int { get }
    /// Writes `batch × classes` logits (row-major) for `batch` inputs stored row-major in `input`.
    /// `input.count == batch * inputDimension`, `output.count == batch * classes`.
    func logits(_ input: UnsafeBufferPointer<Float>, batch: Int, into output: UnsafeMutableBufferPointer<Float>) throws
}

extension Network: Classifier {
    /// C·H·W of the dataset's input shape.
    public var inputDimension: Int { inputShape.reduce(1, *) }

    /// `forward(_:batch:into:)`: the network's own `threads` split each call further, so build
    /// networks used for smoothing with `threads: 1` and give the thread count to the smoothing call.
    public func logits(_ input: UnsafeBufferPointer<Float>, batch: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        try forward(input, batch: batch, into: output)
    }
}
