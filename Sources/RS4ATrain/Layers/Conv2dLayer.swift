import RS4ANumerics

/// 2-D convolution (groups 1, square kernel) as im2col + GEMM per image; the batch is split
/// over `TrainingThreads.count` workers, each with its own weight-gradient buffer, reduced after.
public final class Conv2dLayer: TrainLayer {
    public let weight: Parameter
    public let bias: Parameter?
    let inChannels, outChannels, kernel, stride, padding: Int
    private var tape: [Blob] = []

    /// Weight `name.weight` of shape [out, in, k, k] (and `name.bias` when `bias`), zero-filled;
    /// the model builders initialise them.
    public init(name: String, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1,
                padding: Int = 0, bias: Bool = false) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        let n = outChannels * inChannels * kernel * kernel
        weight = Parameter(name: name + ".weight", shape: [outChannels, inChannels, kernel, kernel],
                           value: [Float](repeating: 0, count: n))
        self.bias = bias ? Parameter(name: name + ".bias", shape: [outChannels],
                                     value: [Float](repeating: 0, count: outChannels)) : nil
    }

    /// Fan-in (in·k·k), for initialisers.
    public var fanIn: Int { inChannels * kernel * kernel }
    /// Fan-out (out·k·k), for initialisers.
    public var fanOut: Int { outChannels * kernel * kernel }

    private func geometry(_ x: Blob) -> ConvGeometry {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels, "Conv2d: input \(x.shape), want C = \(inChannels)")
        return ConvGeometry(channels: inChannels, height: x.shape[2], width: x.shape[3],
                            kernel: kernel, stride: stride, padding: padding)
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        TrainBLAS.ensureSingleThreaded()
        let g = geometry(x)
        let n = x.batch, cout = outChannels
        var y = Blob(zeros: [n, cout, g.outHeight, g.outWidth])
        let inSize = x.itemSize, outSize = cout * g.columns
        let direct = kernel == 1 && stride == 1 && padding == 0
        weight.value.withUnsafeBufferPointer { w in
            x.data.withUnsafeBufferPointer { xs in
                y.data.withUnsafeMutableBufferPointer { ys in
                    nonisolated(unsafe) let wp = w.baseAddress!, xp = xs.baseAddress!, yp = ys.baseAddress!
                    Parallel.forEachChunk(count: n, threads: TrainingThreads.count) { range in
                        let col = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 1 : g.rows * g.columns)
                        defer { col.deallocate() }
                        for i in range {
                            let src: UnsafePointer<Float>
                            if direct { src = xp + i * inSize } else { g.im2col(xp + i * inSize, col); src = UnsafePointer(col) }
                            TrainBLAS.gemm(transA: false, transB: false, m: cout, n: g.columns, k: g.rows,
                                           a: wp, lda: g.rows, b: src, ldb: g.columns, beta: 0,
                                           c: yp + i * outSize, ldc: g.columns)
                        }
                    }
                }
            }
        }
        if let b = bias {
            let hw = g.columns
            y.data.withUnsafeMutableBufferPointer { ys in
                for i in 0..<n { for c in 0..<cout {
                    let v = b.value[c], base = (i * cout + c) * hw
                    for p in 0..<hw { ys[base + p] += v }
                } }
            }
        }
        if mode == .train { tape.append(x) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let x = tape.popLast() else { preconditionFailure("Conv2d.backward without a training forward") }
        let g = geometry(x)
        let n = x.batch, cout = outChannels
        let inSize = x.itemSize, outSize = cout * g.columns
        let threads = min(TrainingThreads.count, max(1, n))
        let wCount = weight.count
        // One weight-gradient buffer per worker, summed afterwards (deterministic order).
        var partial = [Float](repeating: 0, count: threads * wCount)
        var dx = needInputGradient ? Blob(zeros: x.shape) : Blob(shape: [0], data: [])
        let direct = kernel == 1 && stride == 1 && padding == 0
        let chunk = (n + threads - 1) / threads
        weight.value.withUnsafeBufferPointer { w in
            x.data.withUnsafeBufferPointer { xs in
                dy.data.withUnsafeBufferPointer { dys in
                    partial.withUnsafeMutableBufferPointer { pw in
                        dx.data.withUnsafeMutableBufferPointer { dxs in
                            nonisolated(unsafe) let wp = w.baseAddress!, xp = xs.baseAddress!, dyp = dys.baseAddress!
                            // An empty array's buffer may still have a (shared) base address: never write to it.
                            nonisolated(unsafe) let pp = pw.baseAddress!, dxp = needInputGradient ? dxs.baseAddress : nil
                            Parallel.forEachChunk(count: threads, threads: threads) { workers in
                                for t in workers {
                                    let lo = t * chunk, hi = min(n, lo + chunk)
                                    if lo >= hi { continue }
                                    let col = UnsafeMutablePointer<Float>.allocate(capacity: g.rows * g.columns)
                                    defer { col.deallocate() }
                                    let gw = pp + t * wCount
                                    for i in lo..<hi {
                                        let src: UnsafePointer<Float>
                                        if direct { src = xp + i * inSize } else { g.im2col(xp + i * inSize, col); src = UnsafePointer(col) }
                                        // dW += dY_i · colᵀ
                                        TrainBLAS.gemm(transA: false, transB: true, m: cout, n: g.rows, k: g.columns,
                                                       a: dyp + i * outSize, lda: g.columns, b: src, ldb: g.columns,
                                                       beta: 1, c: gw, ldc: g.rows)
                                        guard let dxBase = dxp else { continue }
                                        if direct {
                                            TrainBLAS.gemm(transA: true, transB: false, m: g.rows, n: g.columns, k: cout,
                                                           a: wp, lda: g.rows, b: dyp + i * outSize, ldb: g.columns,
                                                           beta: 0, c: dxBase + i * inSize, ldc: g.columns)
                                        } else {
                                            // dcol = Wᵀ · dY_i, scattered back by col2im.
                                            TrainBLAS.gemm(transA: true, transB: false, m: g.rows, n: g.columns, k: cout,
                                                           a: wp, lda: g.rows, b: dyp + i * outSize, ldb: g.columns,
                                                           beta: 0, c: col, ldc: g.columns)
                                            g.col2im(col, dxBase + i * inSize)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for t in 0..<threads {
            let base = t * wCount
            for j in 0..<wCount { weight.grad[j] += partial[base + j] }
        }
        if let b = bias {
            let hw = g.columns
            for i in 0..<n { for c in 0..<cout {
                let base = (i * cout + c) * hw
                var s: Float = 0
                for p in 0..<hw { s += dy.data[base + p] }
                b.grad[c] += s
            } }
        }
        return dx
    }

    public var stateEntries: [StateEntry] {
        [.parameter(weight)] + (bias.map { [.parameter($0)] } ?? [])
    }
}
