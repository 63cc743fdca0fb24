// The values that flow through a trainable network: a batch of activations (Blob), the
// learnable tensors (Parameter) and the non-learned state (BatchNorm running statistics).

/// A dense Float32 batch in row-major order; `shape[0]` is the batch size (N×C×H×W or N×F).
public struct Blob: Sendable {
    /// Extents, outermost first (PyTorch order).
    public var shape: [Int]
    /// `shape.reduce(1, *)` values, row-major.
    public var data: [Float]

    /// Wraps `data` (its count must equal the product of `shape`).
    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "Blob: \(data.count) values for shape \(shape)")
        self.shape = shape
        self.data = data
    }

    /// A zero-filled blob of `shape`.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// The batch size N.
    public var batch: Int { shape[0] }
    /// Values per batch item.
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }
}

/// A learnable tensor with its gradient and SGD momentum buffer, named by its state-dict key
/// relative to the network (`conv1.weight`).
public final class Parameter: @unchecked Sendable {
    /// State-dict key inside the network (without the `model.`/`module.` prefix).
    public let name: String
    /// PyTorch shape.
    public let shape: [Int]
    /// Current values, row-major.
    public var value: [Float]
    /// Accumulated gradient (zeroed by `zeroGradients`).
    public var grad: [Float]
    /// SGD momentum buffer (nil until the first step, as in torch.optim.SGD).
    public var momentum: [Float]?

    /// A parameter of `shape` holding `value`.
    public init(name: String, shape: [Int], value: [Float]) {
        precondition(shape.reduce(1, *) == value.count)
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = [Float](repeating: 0, count: value.count)
    }

    /// Number of elements.
    public var count: Int { value.count }
}

/// A non-learned tensor of the state dict (BatchNorm running statistics and counters).
public final class StateBuffer: @unchecked Sendable {
    /// State-dict key inside the network.
    public let name: String
    /// PyTorch shape.
    public let shape: [Int]
    /// Float32 values (for `running_mean`/`running_var`).
    public var floats: [Float]
    /// Whether this is an int64 counter (`num_batches_tracked`, shape []); then `counter` holds it.
    public let isCounter: Bool
    /// The int64 value of a counter buffer.
    public var counter: Int64

    /// A Float32 buffer.
    public init(name: String, shape: [Int], floats: [Float]) {
        self.name = name
        self.shape = shape
        self.floats = floats
        self.isCounter = false
        self.counter = 0
    }

    /// An int64 scalar counter.
    public init(counterNamed name: String) {
        self.name = name
        self.shape = []
        self.floats = []
        self.isCounter = true
        self.counter = 0
    }
}
