/// BatchNorm2d as PyTorch computes it: training mode normalises by the batch mean and biased
/// variance and updates the running statistics with momentum 0.1 (the running variance with the
/// unbiased estimate) and `num_batches_tracked += 1`; eval mode uses the running statistics.
/// Works on N×C×H×W and on N×C inputs. eps = 1e-5.
public final class BatchNormLayer: TrainLayer {
    public let weight, bias: Parameter
    public let runningMean, runningVar, batchesTracked: StateBuffer
    let channels: Int
    let momentum: Float = 0.1
    let eps: Float = 1e-5
    private struct Saved { var xhat: [Float]; var invStd: [Float]; var shape: [Int] }
    private var tape: [Saved] = []
    private var evalTape: [[Int]] = []

    /// `name.weight` = 1, `name.bias` = 0, running mean 0 and variance 1 (PyTorch's defaults).
    public init(name: String, channels: Int) {
        self.channels = channels
        weight = Parameter(name: name + ".weight", shape: [channels], value: [Float](repeating: 1, count: channels))
        bias = Parameter(name: name + ".bias", shape: [channels], value: [Float](repeating: 0, count: channels))
        runningMean = StateBuffer(name: name + ".running_mean", shape: [channels], floats: [Float](repeating: 0, count: channels))
        runningVar = StateBuffer(name: name + ".running_var", shape: [channels], floats: [Float](repeating: 1, count: channels))
        batchesTracked = StateBuffer(counterNamed: name + ".num_batches_tracked")
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        precondition(x.shape.count >= 2 && x.shape[1] == channels, "BatchNorm: input \(x.shape), want C = \(channels)")
        let n = x.batch, c = channels, hw = x.itemSize / c, m = n * hw
        var y = Blob(zeros: x.shape)
        if mode == .eval {
            for ch in 0..<c {
                let inv = 1 / (runningVar.floats[ch] + eps).squareRoot()
                let scale = weight.value[ch] * inv, shift = bias.value[ch] - runningMean.floats[ch] * scale
                for i in 0..<n { let base = (i * c + ch) * hw
                    for p in 0..<hw { y.data[base + p] = x.data[base + p] * scale + shift } }
            }
            return y
        }
        var xhat = [Float](repeating: 0, count: x.data.count)
        var invStd = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            // Two-pass statistics in Double: the mean, then the centred sum of squares.
            var sum = 0.0
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw { sum += Double(x.data[base + p]) } }
            let mean = sum / Double(m)
            var ss = 0.0
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw { let d = Double(x.data[base + p]) - mean; ss += d * d } }
            let variance = ss / Double(m)
            let inv = Float(1 / (variance + Double(eps)).squareRoot())
            invStd[ch] = inv
            let meanF = Float(mean), gamma = weight.value[ch], beta = bias.value[ch]
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw {
                    let h = (x.data[base + p] - meanF) * inv
                    xhat[base + p] = h
                    y.data[base + p] = gamma * h + beta
                } }
            let unbiased = m > 1 ? ss / Double(m - 1) : variance
            runningMean.floats[ch] = (1 - momentum) * runningMean.floats[ch] + momentum * meanF
            runningVar.floats[ch] = (1 - momentum) * runningVar.floats[ch] + momentum * Float(unbiased)
        }
        batchesTracked.counter += 1
        tape.append(Saved(xhat: xhat, invStd: invStd, shape: x.shape))
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let s = tape.popLast() else { preconditionFailure("BatchNorm.backward without a training forward") }
        let n = s.shape[0], c = channels, hw = s.xhat.count / (n * c), m = Float(n * hw)
        var dx = needInputGradient ? Blob(zeros: s.shape) : Blob(shape: [0], data: [])
        for ch in 0..<c {
            var dbeta = 0.0, dgamma = 0.0
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw { let g = Double(dy.data[base + p]); dbeta += g; dgamma += g * Double(s.xhat[base + p]) } }
            weight.grad[ch] += Float(dgamma)
            bias.grad[ch] += Float(dbeta)
            guard needInputGradient else { continue }
            // dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ(dy·x̂))
            let k = weight.value[ch] * s.invStd[ch] / m
            let db = Float(dbeta), dg = Float(dgamma)
            for i in 0..<n { let base = (i * c + ch) * hw
                for p in 0..<hw { dx.data[base + p] = k * (m * dy.data[base + p] - db - s.xhat[base + p] * dg) } }
        }
        return dx
    }

    public var stateEntries: [StateEntry] {
        [.parameter(weight), .parameter(bias), .buffer(runningMean), .buffer(runningVar), .buffer(batchesTracked)]
    }
}
