// Eval-mode BatchNorm2d: y = (x − mean)/√(var + eps)·γ + β = x·scale + shift per channel.
// Folded into the preceding convolution where there is one; otherwise (the pre-activation
// BatchNorms of Wide-ResNet) applied as a per-channel affine map with optional fused ReLU.

/// The four BatchNorm2d tensors of a state dict (eps = 1e-5, PyTorch's default).
struct BatchNormParameters: Sendable {
    static let eps = 1e-5
    let weight: [Float]
    let bias: [Float]
    let runningMean: [Float]
    let runningVar: [Float]

    /// Per-channel (scale, shift) with scale = γ/√(var + eps), shift = β − mean·scale, computed in Double.
    func scaleShift() -> (scale: [Double], shift: [Double]) {
        var scale = [Double](repeating: 0, count: weight.count)
        var shift = [Double](repeating: 0, count: weight.count)
        for c in 0..<weight.count {
            let s = Double(weight[c]) / (Double(runningVar[c]) + Self.eps).squareRoot()
            scale[c] = s
            shift[c] = Double(bias[c]) - Double(runningMean[c]) * s
        }
        return (scale, shift)
    }

    /// Folds this BatchNorm into the convolution before it: W'[o] = W[o]·scale[o], b' = b·scale + shift.
    func fold(weight w: [Float], bias b: [Float]?, outChannels: Int) -> (weight: [Float], bias: [Float]) {
        let (scale, shift) = scaleShift()
        let per = w.count / outChannels
        var nw = w
        var nb = [Float](repeating: 0, count: outChannels)
        for o in 0..<outChannels {
            for i in 0..<per { nw[o * per + i] = Float(Double(w[o * per + i]) * scale[o]) }
            nb[o] = Float(Double(b?[o] ?? 0) * scale[o] + shift[o])
        }
        return (nw, nb)
    }
}

/// y = x·scale[c] + shift[c] (an unfolded eval BatchNorm), optionally followed by ReLU.
struct ChannelAffine: Layer {
    let scale: [Float]
    let shift: [Float]
    let relu: Bool

    init(_ bn: BatchNormParameters, relu: Bool) {
        let (s, t) = bn.scaleShift()
        scale = s.map { Float($0) }
        shift = t.map { Float($0) }
        self.relu = relu
    }

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        guard input.channels == scale.count else {
            throw NetError.invalidInputShape(
                expected: "\(scale.count) channels into a BatchNorm", found: [input.channels, input.height, input.width])
        }
        return input
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        var y = Activation(uninitialized: x.shape, batch: x.batch, workspace: workspace)
        let plane = x.batch * x.shape.planeSize
        x.data.withUnsafeBufferPointer { src in
            y.data.withUnsafeMutableBufferPointer { buf in
                for c in 0..<scale.count {
                    let p = src.baseAddress! + c * plane, q = buf.baseAddress! + c * plane
                    let s = scale[c], t = shift[c]
                    if relu {
                        for i in 0..<plane { q[i] = max(p[i] * s + t, 0) }
                    } else {
                        for i in 0..<plane { q[i] = p[i] * s + t }
                    }
                }
            }
        }
        return y
    }
}
