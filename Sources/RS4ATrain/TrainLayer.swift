// The protocol every trainable layer implements, and the sequential container.
//
// Each layer keeps a LIFO tape of what its backward pass needs: forward in training mode pushes,
// backward pops. Two forward passes (stability training: clean and noisy inputs) followed by two
// backward passes in reverse order therefore each see their own activations.

/// Whether BatchNorm uses batch statistics (and updates running ones) and Dropout is active.
public enum LayerMode: Sendable {
    /// Training: batch statistics, dropout on, activations recorded for backward.
    case train
    /// Evaluation: running statistics, dropout off, nothing recorded.
    case eval
}

/// A layer with forward and backward passes.
public protocol TrainLayer: AnyObject {
    /// The output for `x`; in `.train` mode records what `backward` needs.
    func forward(_ x: Blob, mode: LayerMode) -> Blob
    /// Given dL/dy of the latest unconsumed training forward, accumulates parameter gradients
    /// and returns dL/dx (an empty blob when `needInputGradient` is false).
    func backward(_ dy: Blob, needInputGradient: Bool) -> Blob
    /// Learnable parameters, in state-dict order.
    var parameters: [Parameter] { get }
    /// Every state-dict entry of the layer in PyTorch order: parameters and buffers.
    var stateEntries: [StateEntry] { get }
}

/// One state-dict entry: a parameter or a buffer.
public enum StateEntry {
    case parameter(Parameter)
    case buffer(StateBuffer)

    /// The entry's key inside the network.
    public var name: String {
        switch self {
        case .parameter(let p): return p.name
        case .buffer(let b): return b.name
        }
    }
}

extension TrainLayer {
    public var parameters: [Parameter] {
        stateEntries.compactMap { if case .parameter(let p) = $0 { return p } else { return nil } }
    }
}

/// Layers applied in order.
public final class SequentialLayer: TrainLayer {
    /// The layers, first applied first.
    public let layers: [any TrainLayer]

    /// A container of `layers`.
    public init(_ layers: [any TrainLayer]) { self.layers = layers }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        var y = x
        for layer in layers { y = layer.forward(y, mode: mode) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        var g = dy
        for (i, layer) in layers.enumerated().reversed() {
            g = layer.backward(g, needInputGradient: i > 0 || needInputGradient)
        }
        return g
    }

    public var stateEntries: [StateEntry] { layers.flatMap(\.stateEntries) }
}
