// Conv2d (stride, padding, groups, optional bias) with any following eval-mode BatchNorm folded
// into its weights and bias, and an optional fused ReLU. Layers with few channels run the direct
// kernels (DirectConvolution.swift), 3×3 layers with many the Winograd ones (Winograd.swift); the
// rest, and the `.im2col` reference path, are GEMMs over the whole CNHW sub-batch:
// out[og × columns] = W[og × K] · im2col[K × columns] per group, with the im2col matrix built in
// tiles of output rows so it stays within the caches.

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
    /// The layer's fast kernel, if it qualifies for one (decided once, here).
    let fastPath: FastConvolution?

    /// The two fast kernels; a layer qualifies for at most one of them.
    enum FastConvolution: Sendable {
        /// Winograd F(2×2, 3×3), with its filters (16 × outChannels × inChannels).
        case winograd(filters: [Float])
        /// The direct kernels, with the weights packed for them (few channels, CPU with the kernels).
        case direct(DirectConvolution)
    }

    /// Layers with fewer input channels use im2col even when Winograd applies: with a short GEMM
    /// depth the transforms cost more than the multiplications saved (e.g. the RGB input layer).
    static let winogradMinChannels = 16

    init(inChannels: Int, outChannels: Int, groups: Int, geometry: ConvGeometry, weight: [Float], bias: [Float]?,
         relu: Bool) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
        self.geometry = geometry
        self.weight = weight
        self.bias = bias
        self.relu = relu
        let qualifies = geometry == ConvGeometry(kernelH: 3, kernelW: 3, stride: 1, padding: 1)
            && groups == 1 && inChannels >= Self.winogradMinChannels
        if qualifies {
            fastPath = .winograd(filters: winogradFilters(weight, outChannels: outChannels, inChannels: inChannels))
        } else {
            fastPath = DirectConvolution(
                weight: weight, inChannels: inChannels, outChannels: outChannels, groups: groups, geometry: geometry
            ).map { .direct($0) }
        }
    }

    /// Upper bound on the im2col tile (floats): 512 K floats = 2 MB, the size of one core's L2.
    static let tileBudget = 1 << 19

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

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        forward(x, workspace, epilogue: true)
    }

    /// The fast kernel this call uses: none on the `.im2col` reference path, and no direct kernels
    /// on `.gemm`.
    func fastKernel(_ workspace: Workspace) -> FastConvolution? {
        switch (fastPath, workspace.algorithm) {
        case (_, .im2col), (.direct?, .gemm): return nil
        default: return fastPath
        }
    }

    /// True when `forward(_:_:epilogue: false)` really leaves out bias and ReLU (the im2col path;
    /// the fast kernels apply them in their own epilogues).
    func deferrableEpilogue(_ workspace: Workspace) -> Bool {
        fastKernel(workspace) == nil
    }

    /// The convolution; with `epilogue: false` on the im2col path, without bias and ReLU, so a
    /// following layer can apply them in its own pass (see `ConvMaxPool2x2`).
    func forward(_ x: Activation, _ workspace: Workspace, epilogue: Bool) -> Activation {
        let fast = fastKernel(workspace)
        // Before `out` is taken: the direct kernels take their own output buffer from the workspace.
        if case .direct(let direct)? = fast {
            return direct.forward(x, bias: bias, relu: relu, pool: false, workspace)
        }
        let n = x.batch
        let ho = geometry.outputExtent(x.shape.height, kernel: geometry.kernelH)
        let wo = geometry.outputExtent(x.shape.width, kernel: geometry.kernelW)
        var out = Activation(
            uninitialized: FeatureShape(channels: outChannels, height: ho, width: wo), batch: n, workspace: workspace)
        if case .winograd(let filters)? = fast {
            x.data.withUnsafeBufferPointer { xin in
                filters.withUnsafeBufferPointer { u in
                    out.data.withUnsafeMutableBufferPointer { obuf in
                        winogradConvolution(
                            input: xin.baseAddress!, channels: inChannels, batch: n, height: x.shape.height,
                            width: x.shape.width, filters: u.baseAddress!, outChannels: outChannels, bias: bias,
                            relu: relu, output: obuf.baseAddress!, workspace: workspace)
                    }
                }
            }
            return out
        }
        let cg = inChannels / groups, og = outChannels / groups
        let k = cg * geometry.kernelH * geometry.kernelW
        let columns = n * ho * wo
        let totalRows = n * ho
        // Output rows per tile: as many as fit the budget, at least one.
        let tileRows = isPointwise ? totalRows : max(1, min(totalRows, Self.tileBudget / max(k * wo, 1)))
        var col = isPointwise ? [] : workspace.take(k * tileRows * wo)
        x.data.withUnsafeBufferPointer { xin in
            weight.withUnsafeBufferPointer { wbuf in
                col.withUnsafeMutableBufferPointer { colbuf in
                    out.data.withUnsafeMutableBufferPointer { obuf in
                        for g in 0..<groups {
                            let a = wbuf.baseAddress! + g * og * k
                            let c = obuf.baseAddress! + g * og * columns
                            if isPointwise {
                                sgemm(m: og, n: columns, k: k, a: a, lda: k,
                                      b: xin.baseAddress! + g * cg * columns, ldb: columns, c: c, ldc: columns)
                                continue
                            }
                            var r0 = 0
                            while r0 < totalRows {
                                let rows = min(tileRows, totalRows - r0)
                                im2col(
                                    input: xin.baseAddress!, c0: g * cg, cg: cg, batch: n,
                                    height: x.shape.height, width: x.shape.width,
                                    geometry: geometry, outHeight: ho, outWidth: wo,
                                    rowStart: r0, rowCount: rows, col: colbuf.baseAddress!)
                                sgemm(m: og, n: rows * wo, k: k, a: a, lda: k,
                                      b: colbuf.baseAddress!, ldb: rows * wo, c: c + r0 * wo, ldc: columns)
                                r0 += rows
                            }
                        }
                        if epilogue {
                            applyBiasReLU(obuf.baseAddress!, rows: outChannels, rowLength: columns, bias: bias, relu: relu)
                        }
                    }
                }
            }
        }
        workspace.recycle(col)
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
