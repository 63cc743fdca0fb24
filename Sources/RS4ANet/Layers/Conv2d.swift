// Conv2d (stride, padding, groups, optional bias) with any following eval-mode BatchNorm folded
// into its weights and bias, and an optional fused ReLU. One GEMM per group per sub-batch.

struct Conv2d: Layer {
    let inChannels: Int
    let outChannels: Int
    let groups: Int
    let geometry: ConvGeometry
    /// Weights [outChannels][inChannels/groups][kh][kw] (PyTorch order), BatchNorm already folded in.
    let weight: [Float]
    /// Per-output-channel bias (the conv's own bias and/or the folded BatchNorm shift), if any.
    let bias: [Float]?
    let relu: Bool

    private var isPointwise: Bool {
        geometry.kernelH == 1 && geometry.kernelW == 1 && geometry.stride == 1 && geometry.padding == 0
    }

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        guard input.channels == inChannels else {
            throw NetError.invalidInputShape(
                expected: "\(inChannels) channels into a convolution", found: [input.channels, input.height, input.width])
        }
        let ho = geometry.outputExtent(input.height, kernel: geometry.kernelH)
        let wo = geometry.outputExtent(input.width, kernel: geometry.kernelW)
        guard ho >= 1, wo >= 1 else {
            throw NetError.invalidInputShape(
                expected: "a feature map of at least \(geometry.kernelH)×\(geometry.kernelW) after padding",
                found: [input.channels, input.height, input.width])
        }
        return FeatureShape(channels: outChannels, height: ho, width: wo)
    }

    func workingSetPerImage(for input: FeatureShape) -> Int {
        guard let out = try? outputShape(for: input) else { return input.count }
        let columns = isPointwise ? 0 : inChannels / groups * geometry.kernelH * geometry.kernelW * out.planeSize
        return input.count + out.count + columns
    }

    func forward(_ x: Activation) -> Activation {
        let n = x.batch
        let ho = geometry.outputExtent(x.shape.height, kernel: geometry.kernelH)
        let wo = geometry.outputExtent(x.shape.width, kernel: geometry.kernelW)
        let outShape = FeatureShape(channels: outChannels, height: ho, width: wo)
        var out = Activation(uninitialized: outShape, batch: n)
        let cg = inChannels / groups, og = outChannels / groups
        let k = cg * geometry.kernelH * geometry.kernelW
        let columns = n * ho * wo
        let pointwise = isPointwise
        var col = pointwise ? [] : uninitializedFloats(k * columns)
        x.data.withUnsafeBufferPointer { xin in
            let xp = xin.baseAddress!
            weight.withUnsafeBufferPointer { wbuf in
                col.withUnsafeMutableBufferPointer { colbuf in
                    out.data.withUnsafeMutableBufferPointer { obuf in
                        for g in 0..<groups {
                            let b: UnsafePointer<Float>
                            if pointwise {
                                b = xp + g * cg * columns
                            } else {
                                im2col(
                                    input: xp, c0: g * cg, cg: cg, batch: n,
                                    height: x.shape.height, width: x.shape.width,
                                    geometry: geometry, outHeight: ho, outWidth: wo, col: colbuf.baseAddress!)
                                b = UnsafePointer(colbuf.baseAddress!)
                            }
                            sgemm(
                                m: og, n: columns, k: k,
                                a: wbuf.baseAddress! + g * og * k, lda: k,
                                b: b, ldb: columns,
                                c: obuf.baseAddress! + g * og * columns, ldc: columns)
                        }
                        applyBiasReLU(obuf.baseAddress!, rows: outChannels, rowLength: columns, bias: bias, relu: relu)
                    }
                }
            }
        }
        return out
    }
}

/// Adds a per-row bias and/or applies ReLU to a rows × rowLength matrix, in one pass.
func applyBiasReLU(_ p: UnsafeMutablePointer<Float>, rows: Int, rowLength: Int, bias: [Float]?, relu: Bool) {
    if let bias {
        for r in 0..<rows {
            let row = p + r * rowLength
            let b = bias[r]
            if relu {
                for i in 0..<rowLength { row[i] = max(row[i] + b, 0) }
            } else {
                for i in 0..<rowLength { row[i] += b }
            }
        }
    } else if relu {
        reluInPlace(p, count: rows * rowLength)
    }
}
