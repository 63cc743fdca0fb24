import RS4ANumerics

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
        var means = [Double](repeating: 0, count: c), sums = [Double](repeating: 0, count: c)
        // Channels are independent: split them over the training threads.
        x.data.withUnsafeBufferPointer { xs in y.data.withUnsafeMutableBufferPointer { ys in
            xhat.withUnsafeMutableBufferPointer { hs in invStd.withUnsafeMutableBufferPointer { inv in
                means.withUnsafeMutableBufferPointer { ms in sums.withUnsafeMutableBufferPointer { ss in
                    nonisolated(unsafe) let xp = xs.baseAddress!, yp = ys.baseAddress!, hp = hs.baseAddress!
                    nonisolated(unsafe) let ip = inv.baseAddress!, mp = ms.baseAddress!, sp = ss.baseAddress!
                    nonisolated(unsafe) let gamma = weight.value, beta = bias.value
                    let epsilon = Double(eps)
                    Parallel.forEachChunk(count: c, threads: TrainingThreads.count) { channels in
                        for ch in channels {
                            // Two-pass statistics in Double: the mean, then the centred sum of squares.
                            var sum = 0.0
                            for i in 0..<n { let p = xp + (i * c + ch) * hw; for k in 0..<hw { sum += Double(p[k]) } }
                            let mean = sum / Double(m)
                            var ssq = 0.0
                            for i in 0..<n { let p = xp + (i * c + ch) * hw
                                for k in 0..<hw { let d = Double(p[k]) - mean; ssq += d * d } }
                            let invF = Float(1 / (ssq / Double(m) + epsilon).squareRoot())
                            ip[ch] = invF
                            mp[ch] = mean
                            sp[ch] = ssq
                            let meanF = Float(mean), g = gamma[ch], b = beta[ch]
                            for i in 0..<n { let o = (i * c + ch) * hw
                                for k in 0..<hw { let h = (xp[o + k] - meanF) * invF; hp[o + k] = h; yp[o + k] = g * h + b } }
                        }
                    }
                } }
            } }
        } }
        for ch in 0..<c {
            let unbiased = m > 1 ? sums[ch] / Double(m - 1) : sums[ch] / Double(m)
            runningMean.floats[ch] = (1 - momentum) * runningMean.floats[ch] + momentum * Float(means[ch])
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
        var dgammas = [Float](repeating: 0, count: c), dbetas = [Float](repeating: 0, count: c)
        dy.data.withUnsafeBufferPointer { gs in s.xhat.withUnsafeBufferPointer { hs in
            dx.data.withUnsafeMutableBufferPointer { ds in
                dgammas.withUnsafeMutableBufferPointer { dgs in dbetas.withUnsafeMutableBufferPointer { dbs in
                    nonisolated(unsafe) let gp = gs.baseAddress!, hp = hs.baseAddress!
                    nonisolated(unsafe) let dgp = dgs.baseAddress!, dbp = dbs.baseAddress!
                    // An empty array's buffer may still have a (shared) base address: never write to it.
                    nonisolated(unsafe) let dxp = needInputGradient ? ds.baseAddress : nil
                    nonisolated(unsafe) let gamma = weight.value, invStd = s.invStd
                    Parallel.forEachChunk(count: c, threads: TrainingThreads.count) { channels in
                        for ch in channels {
                            var dbeta = 0.0, dgamma = 0.0
                            for i in 0..<n { let o = (i * c + ch) * hw
                                for k in 0..<hw { let g = Double(gp[o + k]); dbeta += g; dgamma += g * Double(hp[o + k]) } }
                            dgp[ch] = Float(dgamma)
                            dbp[ch] = Float(dbeta)
                            guard let out = dxp else { continue }
                            // dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ(dy·x̂))
                            let scale = gamma[ch] * invStd[ch] / m
                            let db = Float(dbeta), dg = Float(dgamma)
                            for i in 0..<n { let o = (i * c + ch) * hw
                                for k in 0..<hw { out[o + k] = scale * (m * gp[o + k] - db - hp[o + k] * dg) } }
                        }
                    }
                } }
            }
        } }
        for ch in 0..<c {
            weight.grad[ch] += dgammas[ch]
            bias.grad[ch] += dbetas[ch]
        }
        return dx
    }

    public var stateEntries: [StateEntry] {
        [.parameter(weight), .parameter(bias), .buffer(runningMean), .buffer(runningVar), .buffer(batchesTracked)]
    }
}
