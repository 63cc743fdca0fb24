/// out = body(x) + shortcut(x) (identity when `shortcut` is nil), optionally followed by ReLU.
public final class ResidualLayer: TrainLayer {
    public let body: any TrainLayer
    public let shortcut: (any TrainLayer)?
    let reluAfter: Bool
    private var tape: [Blob] = []

    public init(body: any TrainLayer, shortcut: (any TrainLayer)?, reluAfter: Bool) {
        self.body = body
        self.shortcut = shortcut
        self.reluAfter = reluAfter
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        var y = body.forward(x, mode: mode)
        let s = shortcut?.forward(x, mode: mode) ?? x
        precondition(s.shape == y.shape, "Residual: body \(y.shape) vs shortcut \(s.shape)")
        let relu = reluAfter
        y.data.withUnsafeMutableBufferPointer { out in
            s.data.withUnsafeBufferPointer { short in
                for i in out.indices { out[i] += short[i] }
                if relu { for i in out.indices { out[i] = max(out[i], 0) } }
            }
        }
        if mode == .train && reluAfter { tape.append(y) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        var g = dy
        if reluAfter {
            guard let y = tape.popLast() else { preconditionFailure("Residual.backward without a training forward") }
            y.data.withUnsafeBufferPointer { out in
                g.data.withUnsafeMutableBufferPointer { gv in
                    VectorOps.maskByPositive(gv, out)
                }
            }
        }
        // Pop in reverse order of the forward: shortcut first, then body.
        let ds = shortcut?.backward(g, needInputGradient: needInputGradient) ?? g
        var dx = body.backward(g, needInputGradient: needInputGradient)
        guard needInputGradient else { return Blob(shape: [0], data: []) }
        dx.data.withUnsafeMutableBufferPointer { d in
            ds.data.withUnsafeBufferPointer { s in for i in d.indices { d[i] += s[i] } }
        }
        return dx
    }

    public var stateEntries: [StateEntry] { body.stateEntries + (shortcut?.stateEntries ?? []) }
}

/// The CIFAR ResNet's parameter-free "option A" shortcut: x[:, :, ::2, ::2] with the channels
/// zero-padded by `pad` on each side.
public final class OptionAShortcut: TrainLayer {
    let pad: Int
    private var tape: [[Int]] = []

    public init(pad: Int) { self.pad = pad }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        let n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3]
        let ho = (h + 1) / 2, wo = (w + 1) / 2, co = c + 2 * pad
        var y = Blob(zeros: [n, co, ho, wo])
        for i in 0..<n { for ch in 0..<c {
            let src = (i * c + ch) * h * w, dst = (i * co + ch + pad) * ho * wo
            for a in 0..<ho { for b in 0..<wo { y.data[dst + a * wo + b] = x.data[src + 2 * a * w + 2 * b] } }
        } }
        if mode == .train { tape.append(x.shape) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let shape = tape.popLast() else { preconditionFailure("OptionA.backward without a training forward") }
        let n = shape[0], c = shape[1], h = shape[2], w = shape[3]
        let ho = (h + 1) / 2, wo = (w + 1) / 2, co = c + 2 * pad
        var dx = Blob(zeros: shape)
        for i in 0..<n { for ch in 0..<c {
            let dst = (i * c + ch) * h * w, src = (i * co + ch + pad) * ho * wo
            for a in 0..<ho { for b in 0..<wo { dx.data[dst + 2 * a * w + 2 * b] = dy.data[src + a * wo + b] } }
        } }
        return dx
    }

    public var stateEntries: [StateEntry] { [] }
}
