// Residual blocks: out = body(x) + shortcut(x), with the three shortcut kinds of the
// reference models, and Wide-ResNet's pre-activation block.

enum Shortcut: Sendable {
    /// x itself (shapes equal).
    case identity
    /// A projection (torchvision's downsample: 1×1 conv with folded BatchNorm).
    case projection(Conv2d)
    /// CIFAR ResNet "option A": x[:, :, ::2, ::2] zero-padded by `pad` channels on each side.
    case zeroPadSubsample(pad: Int)
}

/// out = relu?(body(x) + shortcut(x)).
struct ResidualBlock: Layer {
    let body: Sequential
    let shortcut: Shortcut
    let reluAfterAdd: Bool

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        let out = try body.outputShape(for: input)
        let side = try shortcutShape(for: input)
        guard side == out else {
            throw NetError.invalidInputShape(
                expected: "residual branches of equal shape (body \(out), shortcut \(side))",
                found: [input.channels, input.height, input.width])
        }
        return out
    }

    private func shortcutShape(for input: FeatureShape) throws -> FeatureShape {
        switch shortcut {
        case .identity: return input
        case .projection(let conv): return try conv.outputShape(for: input)
        case .zeroPadSubsample(let pad):
            return FeatureShape(
                channels: input.channels + 2 * pad, height: (input.height + 1) / 2, width: (input.width + 1) / 2)
        }
    }

    func workingSetPerImage(for input: FeatureShape) -> Int {
        input.count + body.workingSetPerImage(for: input)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        var out = body.forward(x, workspace)
        switch shortcut {
        case .identity:
            addInPlace(&out, x)
        case .projection(let conv):
            let side = conv.forward(x, workspace)
            addInPlace(&out, side)
            workspace.recycle(side.data)
        case .zeroPadSubsample(let pad):
            addSubsampled(&out, x, channelOffset: pad)
        }
        if reluAfterAdd {
            out.data.withUnsafeMutableBufferPointer { reluInPlace($0.baseAddress!, count: $0.count) }
        }
        return out
    }
}

/// Wide-ResNet pre-activation block: a = relu(bn1(x)); out = body(a) + (x, or convShortcut(a)).
struct PreActivationBlock: Layer {
    let preActivation: ChannelAffine
    let body: Sequential
    /// nil when in and out channels are equal (identity on the raw x).
    let convShortcut: Conv2d?

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        let a = try preActivation.outputShape(for: input)
        let out = try body.outputShape(for: a)
        let side = try convShortcut?.outputShape(for: a) ?? input
        guard side == out else {
            throw NetError.invalidInputShape(
                expected: "residual branches of equal shape (body \(out), shortcut \(side))",
                found: [input.channels, input.height, input.width])
        }
        return out
    }

    func workingSetPerImage(for input: FeatureShape) -> Int {
        2 * input.count + body.workingSetPerImage(for: input)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        let a = preActivation.forward(x, workspace)
        var out = body.forward(a, workspace)
        if let convShortcut {
            let side = convShortcut.forward(a, workspace)
            addInPlace(&out, side)
            workspace.recycle(side.data)
        } else {
            addInPlace(&out, x)
        }
        workspace.recycle(a.data)
        return out
    }
}

/// out += y (same shape).
func addInPlace(_ out: inout Activation, _ y: Activation) {
    out.data.withUnsafeMutableBufferPointer { o in
        y.data.withUnsafeBufferPointer { s in
            for i in 0..<o.count { o[i] += s[i] }
        }
    }
}

/// out[c + offset, n, h, w] += x[c, n, 2h, 2w]; channels outside the shifted range get + 0.
func addSubsampled(_ out: inout Activation, _ x: Activation, channelOffset: Int) {
    let n = x.batch, h = x.shape.height, w = x.shape.width
    let ho = out.shape.height, wo = out.shape.width
    out.data.withUnsafeMutableBufferPointer { o in
        x.data.withUnsafeBufferPointer { s in
            for c in 0..<x.shape.channels {
                for img in 0..<n {
                    let src = s.baseAddress! + (c * n + img) * h * w
                    let dst = o.baseAddress! + ((c + channelOffset) * n + img) * ho * wo
                    for oy in 0..<ho {
                        for ox in 0..<wo { dst[oy * wo + ox] += src[2 * oy * w + 2 * ox] }
                    }
                }
            }
        }
    }
}
