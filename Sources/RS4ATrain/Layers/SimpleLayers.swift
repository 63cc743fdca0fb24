import Foundation
import RS4ANumerics

/// max(x, 0); the gradient passes where the output is positive.
public final class ReLULayer: TrainLayer {
    private var tape: [Blob] = []
    public init() {}

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        var y = x
        y.data.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = max(v[i], 0) }
        }
        if mode == .train { tape.append(y) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let y = tape.popLast() else { preconditionFailure("ReLU.backward without a training forward") }
        guard needInputGradient else { return Blob(shape: [0], data: []) }
        var dx = dy
        y.data.withUnsafeBufferPointer { out in
            dx.data.withUnsafeMutableBufferPointer { g in
                VectorOps.maskByPositive(g, out)
            }
        }
        return dx
    }

    public var stateEntries: [StateEntry] { [] }
}

/// N×C×H×W → N×(C·H·W) (PyTorch's `view(N, -1)`).
public final class FlattenLayer: TrainLayer {
    private var tape: [[Int]] = []
    public init() {}

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        if mode == .train { tape.append(x.shape) }
        return Blob(shape: [x.batch, x.itemSize], data: x.data)
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let shape = tape.popLast() else { preconditionFailure("Flatten.backward without a training forward") }
        return Blob(shape: shape, data: dy.data)
    }

    public var stateEntries: [StateEntry] { [] }
}

/// Inverted dropout: in training, zeroes each value with probability p and scales the rest by
/// 1/(1−p); identity in eval mode. Masks come from a seeded Philox stream (one substream per call).
public final class DropoutLayer: TrainLayer {
    let p: Float
    private var stream: RandomStream
    private var calls: UInt64 = 0
    private var tape: [[Float]] = []

    /// Dropout with probability `p` in [0, 1), masks drawn from `stream`.
    public init(p: Float, stream: RandomStream) {
        precondition(p >= 0 && p < 1, "Dropout p must be in [0, 1), got \(p)")
        self.p = p
        self.stream = stream
    }

    /// Restarts the masks from `stream` (the trainer reseeds every iteration, so a resumed run
    /// draws the same masks as an uninterrupted one).
    public func reseed(_ stream: RandomStream) {
        self.stream = stream
        calls = 0
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        guard mode == .train else { return x }
        var source = stream.substream(calls).makeSource()
        calls += 1
        let keep = 1 / (1 - p)
        var mask = [Float](repeating: 0, count: x.data.count)
        var y = x
        for i in mask.indices {
            mask[i] = Float(source.nextUniform()) >= p ? keep : 0
            y.data[i] *= mask[i]
        }
        tape.append(mask)
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let mask = tape.popLast() else { preconditionFailure("Dropout.backward without a training forward") }
        var dx = dy
        for i in dx.data.indices { dx.data[i] *= mask[i] }
        return dx
    }

    public var stateEntries: [StateEntry] { [] }
}

/// The reference's fixed input normalisation (x − mu)/exp(log_sig) per channel; `mu` and
/// `log_sig` are state-dict parameters that are never trained (requires_grad = False upstream).
public final class NormalizeLayer: TrainLayer {
    /// Per-channel mean, key `mu`, shape [C, 1, 1] (or [C] for flat inputs).
    public let mu: StateBuffer
    /// Per-channel log standard deviation, key `log_sig`.
    public let logSig: StateBuffer
    private var tape: [[Int]] = []

    /// A normalisation with `mean` and `std` per channel; keys `prefix.mu`, `prefix.log_sig`.
    public init(prefix: String, mean: [Float], std: [Float], shape: [Int]) {
        mu = StateBuffer(name: prefix + ".mu", shape: shape, floats: mean)
        logSig = StateBuffer(name: prefix + ".log_sig", shape: shape, floats: std.map { Float(log(Double($0))) })
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        let c = mu.floats.count, n = x.batch, hw = x.itemSize / c
        var y = x
        for ch in 0..<c {
            let inv = 1 / Float(exp(Double(logSig.floats[ch]))), m = mu.floats[ch]
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw { y.data[base + p] = (x.data[base + p] - m) * inv } }
        }
        if mode == .train { tape.append(x.shape) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard tape.popLast() != nil else { preconditionFailure("Normalize.backward without a training forward") }
        guard needInputGradient else { return Blob(shape: [0], data: []) }
        let c = mu.floats.count, n = dy.batch, hw = dy.itemSize / c
        var dx = dy
        for ch in 0..<c {
            let inv = 1 / Float(exp(Double(logSig.floats[ch])))
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw { dx.data[base + p] *= inv } }
        }
        return dx
    }

    /// Stored as parameters upstream (nn.Parameter with requires_grad False); never trained here.
    public var stateEntries: [StateEntry] { [.buffer(mu), .buffer(logSig)] }
}
