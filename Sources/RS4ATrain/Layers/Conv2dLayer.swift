import RS4ANumerics

/// 2-D convolution (groups 1, square kernel) as im2col + GEMM. The batch is split over
/// `TrainingThreads.count` workers, each with its own weight-gradient buffer (summed after, in a
/// fixed order). Small feature maps put several images side by side in one GEMM, so the GEMM's
/// n dimension stays ≥ `minColumns` (late WRN/ResNet layers have only 8×8 = 64 columns per image).
public final class Conv2dLayer: TrainLayer {
    public let weight: Parameter
    public let bias: Parameter?
    let inChannels, outChannels, kernel, stride, padding: Int
    private var tape: [Blob] = []
    private static let minColumns = 512

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

    /// Images per GEMM for `columns` output pixels per image.
    private static func group(_ columns: Int) -> Int { max(1, minColumns / max(columns, 1)) }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        TrainBLAS.ensureSingleThreaded()
        let g = geometry(x)
        let n = x.batch, cout = outChannels, hw = g.columns
        var y = Blob(zeros: [n, cout, g.outHeight, g.outWidth])
        let inSize = x.itemSize, outSize = cout * hw
        let group = Self.group(hw)
        weight.value.withUnsafeBufferPointer { w in
            x.data.withUnsafeBufferPointer { xs in
                y.data.withUnsafeMutableBufferPointer { ys in
                    nonisolated(unsafe) let wp = w.baseAddress!, xp = xs.baseAddress!, yp = ys.baseAddress!
                    Parallel.forEachChunk(count: n, threads: TrainingThreads.count) { range in
                        let m0 = min(group, range.count)
                        let col = UnsafeMutablePointer<Float>.allocate(capacity: g.rows * hw * m0)
                        let out = UnsafeMutablePointer<Float>.allocate(capacity: m0 > 1 ? outSize * m0 : 1)
                        defer { col.deallocate(); out.deallocate() }
                        var i = range.lowerBound
                        while i < range.upperBound {
                            let m = min(m0, range.upperBound - i), ld = m * hw
                            for t in 0..<m { g.im2col(xp + (i + t) * inSize, col + t * hw, ld: ld) }
                            let dst = m == 1 ? yp + i * outSize : out
                            TrainBLAS.gemm(transA: false, transB: false, m: cout, n: ld, k: g.rows,
                                           a: wp, lda: g.rows, b: col, ldb: ld, beta: 0, c: dst, ldc: ld)
                            if m > 1 {
                                // cout × (m·hw) → m images of cout × hw.
                                for t in 0..<m { for c in 0..<cout {
                                    (yp + (i + t) * outSize + c * hw).update(from: out + c * ld + t * hw, count: hw)
                                } }
                            }
                            i += m
                        }
                    }
                }
            }
        }
        if let b = bias {
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
        let n = x.batch, cout = outChannels, hw = g.columns
        let inSize = x.itemSize, outSize = cout * hw
        let threads = min(TrainingThreads.count, max(1, n))
        let wCount = weight.count
        let group = Self.group(hw)
        // One weight-gradient buffer per worker, summed afterwards (deterministic order).
        var partial = [Float](repeating: 0, count: threads * wCount)
        var dx = needInputGradient ? Blob(zeros: x.shape) : Blob(shape: [0], data: [])
        weight.value.withUnsafeBufferPointer { w in
            x.data.withUnsafeBufferPointer { xs in
                dy.data.withUnsafeBufferPointer { dys in
                    partial.withUnsafeMutableBufferPointer { pw in
                        dx.data.withUnsafeMutableBufferPointer { dxs in
                            nonisolated(unsafe) let wp = w.baseAddress!, xp = xs.baseAddress!, dyp = dys.baseAddress!
                            // An empty array's buffer may still have a (shared) base address: never write to it.
                            nonisolated(unsafe) let pp = pw.baseAddress!, dxp = needInputGradient ? dxs.baseAddress : nil
                            Parallel.forEachChunk(count: n, threads: threads) { range in
                                // Parallel.forEachChunk gives chunk t the t-th contiguous range.
                                let t0 = Self.chunkIndex(range.lowerBound, count: n, chunks: threads)
                                let gw = pp + t0 * wCount
                                let m0 = min(group, range.count)
                                let col = UnsafeMutablePointer<Float>.allocate(capacity: g.rows * hw * m0)
                                let dyc = UnsafeMutablePointer<Float>.allocate(capacity: m0 > 1 ? outSize * m0 : 1)
                                defer { col.deallocate(); dyc.deallocate() }
                                var i = range.lowerBound
                                while i < range.upperBound {
                                    let m = min(m0, range.upperBound - i), ld = m * hw
                                    for t in 0..<m { g.im2col(xp + (i + t) * inSize, col + t * hw, ld: ld) }
                                    let grad: UnsafePointer<Float>
                                    if m == 1 { grad = dyp + i * outSize } else {
                                        for t in 0..<m { for c in 0..<cout {
                                            (dyc + c * ld + t * hw).update(from: dyp + (i + t) * outSize + c * hw, count: hw)
                                        } }
                                        grad = UnsafePointer(dyc)
                                    }
                                    // dW += dY · colᵀ
                                    TrainBLAS.gemm(transA: false, transB: true, m: cout, n: g.rows, k: ld,
                                                   a: grad, lda: ld, b: col, ldb: ld, beta: 1, c: gw, ldc: g.rows)
                                    if let dxBase = dxp {
                                        // dcol = Wᵀ · dY, scattered back by col2im.
                                        TrainBLAS.gemm(transA: true, transB: false, m: g.rows, n: ld, k: cout,
                                                       a: wp, lda: g.rows, b: grad, ldb: ld, beta: 0, c: col, ldc: ld)
                                        for t in 0..<m { g.col2im(col + t * hw, dxBase + (i + t) * inSize, ld: ld) }
                                    }
                                    i += m
                                }
                            }
                        }
                    }
                }
            }
        }
        weight.grad.withUnsafeMutableBufferPointer { gw in
            partial.withUnsafeBufferPointer { pw in
                for t in 0..<threads { let base = t * wCount; for j in 0..<wCount { gw[j] += pw[base + j] } }
            }
        }
        if let b = bias {
            for i in 0..<n { for c in 0..<cout {
                let base = (i * cout + c) * hw
                var s: Float = 0
                for p in 0..<hw { s += dy.data[base + p] }
                b.grad[c] += s
            } }
        }
        return dx
    }

    /// The index of the chunk starting at `start` under Parallel.forEachChunk's split.
    private static func chunkIndex(_ start: Int, count: Int, chunks requested: Int) -> Int {
        let chunks = min(max(requested, 1), count)
        let base = count / chunks, extra = count % chunks
        // Chunk c starts at c·base + min(c, extra).
        for c in 0..<chunks where c * base + min(c, extra) == start { return c }
        return 0
    }

    public var stateEntries: [StateEntry] {
        [.parameter(weight)] + (bias.map { [.parameter($0)] } ?? [])
    }
}
