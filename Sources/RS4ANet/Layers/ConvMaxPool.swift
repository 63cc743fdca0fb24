// Conv2d (+ ReLU) → MaxPool2d(2, stride 2) as one layer. With the direct kernels the pool runs in
// their epilogue; otherwise (GEMM paths) the convolution's bias and ReLU are
// applied after pooling, in the pooling pass, instead of in a separate pass over the (4× larger)
// convolution output. Exact, not an approximation: rounding is monotone, so for a per-channel bias
// b, max(fl(x + b), fl(y + b)) = fl(max(x, y) + b), and ReLU commutes with max as well.

/// `conv` followed by a 2×2, stride-2, unpadded max-pool (LeNet's conv blocks).
struct ConvMaxPool2x2: Layer {
    let conv: Conv2d
    private let pool = MaxPool2d(kernel: 2, stride: 2, padding: 0)

    init(_ conv: Conv2d) { self.conv = conv }

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        try pool.outputShape(for: conv.outputShape(for: input))
    }

    func workingSetPerImage(for input: FeatureShape) -> Int {
        conv.workingSetPerImage(for: input)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        // Odd extents cannot be pooled 2×2 in one pass over whole pairs: the two layers run as written.
        let evenExtents = (try? conv.outputShape(for: x.shape)).map { $0.height % 2 == 0 && $0.width % 2 == 0 } ?? false
        if evenExtents, case .direct(let direct)? = conv.fastKernel(workspace) {
            // Convolution, pool, bias and ReLU in one pass of the direct kernels.
            return direct.forward(x, bias: conv.bias, relu: conv.relu, pool: true, workspace)
        }
        // The im2col reference algorithm runs the two layers as written (what the fused path is
        // tested against), as does Winograd, which applies bias and ReLU itself.
        guard evenExtents, workspace.algorithm != .im2col, conv.deferrableEpilogue(workspace) else {
            let y = conv.forward(x, workspace)
            let out = pool.forward(y, workspace)
            workspace.recycle(y.data)
            return out
        }
        let y = conv.forward(x, workspace, epilogue: false)
        let h = y.shape.height, w = y.shape.width, ho = h / 2, wo = w / 2, n = y.batch
        var out = Activation(
            uninitialized: FeatureShape(channels: y.shape.channels, height: ho, width: wo), batch: n,
            workspace: workspace)
        // Even extents: input line 2L and 2L + 1 of a channel's n·h lines form output line L, and
        // pairs of columns never straddle lines, so both passes run over whole channels.
        var pairs = workspace.take(n * h * wo)
        y.data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                pairs.withUnsafeMutableBufferPointer { t in
                    for ch in 0..<y.shape.channels {
                        maxPairs(src.baseAddress! + ch * n * h * w, into: t.baseAddress!, count: n * h * wo)
                        maxLinePairsBiasReLU(
                            t.baseAddress!, into: dst.baseAddress! + ch * n * ho * wo, lines: n * ho, width: wo,
                            bias: conv.bias?[ch] ?? 0, relu: conv.relu)
                    }
                }
            }
        }
        workspace.recycle(pairs)
        workspace.recycle(y.data)
        return out
    }
}

/// max(a, b) where a NaN in either wins (PyTorch's max-pool propagates NaN), lane-wise.
@inline(__always)
private func pick(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: (b .> a) .| (b .!= b))
}

@inline(__always)
private func pick(_ a: Float, _ b: Float) -> Float { (b > a || b != b) ? b : a }

/// out[j] = max(src[2j], src[2j + 1]) for j < count: the horizontal half of a 2×2 max-pool.
private func maxPairs(_ src: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
    let raw = UnsafeRawPointer(src), dst = UnsafeMutableRawPointer(out)
    var j = 0
    while j + 8 <= count {
        let v = raw.loadUnaligned(fromByteOffset: 8 * j, as: SIMD16<Float>.self)
        dst.storeBytes(of: pick(v.evenHalf, v.oddHalf), toByteOffset: 4 * j, as: SIMD8<Float>.self)
        j += 8
    }
    while j < count {
        out[j] = pick(src[2 * j], src[2 * j + 1])
        j += 1
    }
}

/// out line L = relu?(max(line 2L, line 2L + 1) + bias) for `lines` output lines of `width`:
/// the vertical half of a 2×2 max-pool with the convolution's epilogue.
private func maxLinePairsBiasReLU(
    _ src: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, lines: Int, width: Int, bias: Float,
    relu: Bool
) {
    let b = SIMD8<Float>(repeating: bias)
    for line in 0..<lines {
        let r0 = src + 2 * line * width, r1 = r0 + width, o = out + line * width
        var i = 0
        while i + 8 <= width {
            var v = pick(UnsafeRawPointer(r0 + i).loadUnaligned(as: SIMD8<Float>.self),
                         UnsafeRawPointer(r1 + i).loadUnaligned(as: SIMD8<Float>.self)) + b
            // Same as max(v, 0) in the unfused path: NaN stays NaN, −0 becomes +0.
            if relu { v.replace(with: 0, where: v .<= 0) }
            UnsafeMutableRawPointer(o + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < width {
            let v = pick(r0[i], r1[i]) + bias
            o[i] = relu ? max(v, 0) : v
            i += 1
        }
    }
}
