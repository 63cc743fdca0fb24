/// Max pooling (square window, stride, zero-implicit padding that never wins, as PyTorch's
/// -inf padding); the gradient goes to the first maximal position of each window.
public final class MaxPoolLayer: TrainLayer {
    let kernel, stride, padding: Int
    private var tape: [(shape: [Int], argmax: [Int32])] = []

    public init(kernel: Int, stride: Int, padding: Int = 0) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
        let ho = (h + 2 * padding - kernel) / stride + 1, wo = (w + 2 * padding - kernel) / stride + 1
        var y = Blob(zeros: [n, c, ho, wo])
        var argmax = [Int32](repeating: 0, count: y.data.count)
        for plane in 0..<(n * c) {
            let src = plane * h * w, dst = plane * ho * wo
            for oi in 0..<ho { for oj in 0..<wo {
                var best = -Float.infinity, at = -1
                for ki in 0..<kernel {
                    let i = oi * stride - padding + ki
                    if i < 0 || i >= h { continue }
                    for kj in 0..<kernel {
                        let j = oj * stride - padding + kj
                        if j < 0 || j >= w { continue }
                        let v = x.data[src + i * w + j]
                        if v > best || at < 0 { best = v; at = i * w + j }
                    }
                }
                y.data[dst + oi * wo + oj] = best
                argmax[dst + oi * wo + oj] = Int32(src + at)
            } }
        }
        if mode == .train { tape.append((x.shape, argmax)) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let s = tape.popLast() else { preconditionFailure("MaxPool.backward without a training forward") }
        var dx = Blob(zeros: s.shape)
        for k in dy.data.indices { dx.data[Int(s.argmax[k])] += dy.data[k] }
        return dx
    }

    public var stateEntries: [StateEntry] { [] }
}

/// Average pooling with a square window and stride equal to the window (no padding); a window
/// of 0 means global average pooling (adaptive average pool to 1×1).
public final class AvgPoolLayer: TrainLayer {
    let kernel: Int
    private var tape: [[Int]] = []

    /// `kernel` 0 = global (the whole H×W map).
    public init(kernel: Int) { self.kernel = kernel }

    private func window(_ shape: [Int]) -> (kh: Int, kw: Int) {
        kernel == 0 ? (shape[2], shape[3]) : (kernel, kernel)
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
        let (kh, kw) = window(x.shape)
        let ho = h / kh, wo = w / kw
        var y = Blob(zeros: [n, c, ho, wo])
        let scale = 1 / Float(kh * kw)
        for plane in 0..<(n * c) {
            let src = plane * h * w, dst = plane * ho * wo
            for oi in 0..<ho { for oj in 0..<wo {
                var s: Float = 0
                for i in 0..<kh { for j in 0..<kw { s += x.data[src + (oi * kh + i) * w + oj * kw + j] } }
                y.data[dst + oi * wo + oj] = s * scale
            } }
        }
        if mode == .train { tape.append(x.shape) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let shape = tape.popLast() else { preconditionFailure("AvgPool.backward without a training forward") }
        let n = shape[0], c = shape[1], h = shape[2], w = shape[3]
        let (kh, kw) = window(shape)
        let ho = h / kh, wo = w / kw
        let scale = 1 / Float(kh * kw)
        var dx = Blob(zeros: shape)
        for plane in 0..<(n * c) {
            let src = plane * h * w, dst = plane * ho * wo
            for oi in 0..<ho { for oj in 0..<wo {
                let g = dy.data[dst + oi * wo + oj] * scale
                for i in 0..<kh { for j in 0..<kw { dx.data[src + (oi * kh + i) * w + oj * kw + j] += g } }
            } }
        }
        return dx
    }

    public var stateEntries: [StateEntry] { [] }
}
