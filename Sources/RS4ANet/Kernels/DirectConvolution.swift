// The direct convolution kernels (CRS4AKernels/direct_conv.c) for stride-1 layers with few
// channels, where im2col + GEMM is dominated by copying: LeNet's layers (1 → 6 and 6 → 16
// channels, 5×5) and the RGB input layers of the CIFAR networks. Register-blocked FMA loops over
// a zero-padded copy of each image, with bias, ReLU and an optional 2×2 max-pool in the epilogue.
import CRS4AKernels

/// A layer's weights prepared for the direct kernels. Exists only when the CPU has AVX2 + FMA or
/// AVX-512 and the layer qualifies (see `init?`).
struct DirectConvolution: Sendable {
    let inChannels: Int
    let outChannels: Int
    let geometry: ConvGeometry
    /// The layer's weights in PyTorch order [out][in][kh][kw] (the spatial strategy's layout; shares
    /// the layer's storage).
    let weight: [Float]
    /// The weights in blocks of one vector of output channels (rs4a_direct_conv_pack; the channel strategy's).
    let packed: [Float]

    /// Floats per vector of the kernels on this CPU (16 with AVX-512, 8 with AVX2 + FMA, 0 = none).
    static let vectorWidth = Int(rs4a_direct_conv_vector_width())

    /// Layers with more output channels or a deeper receptive field than these keep im2col + GEMM
    /// (or Winograd), whose GEMMs are then large enough to run near OpenBLAS's peak. The limits are
    /// those of the layers measured (`make bench BENCH=network`, README): LeNet (6 → 16 channels
    /// 5×5: 16 outputs of 150 weights) runs 2.3× (AVX2) to 3.3× (AVX-512) faster than on im2col +
    /// GEMM; nothing larger was measured.
    static let maxOutChannels = 16
    static let maxReceptiveField = 150

    /// nil unless the layer is a stride-1, ungrouped convolution with a kernel larger than 1×1, at most
    /// `maxOutChannels` outputs and at most `maxReceptiveField` weights per output, and the CPU
    /// has the kernels.
    init?(weight: [Float], inChannels: Int, outChannels: Int, groups: Int, geometry: ConvGeometry) {
        let depth = inChannels * geometry.kernelH * geometry.kernelW
        // Pointwise (1×1) layers are left to GEMM: they need no im2col copy to begin with.
        let pointwise = geometry.kernelH == 1 && geometry.kernelW == 1
        guard Self.vectorWidth > 0, groups == 1, geometry.stride == 1, !pointwise,
              outChannels <= Self.maxOutChannels, depth <= Self.maxReceptiveField else { return nil }
        let count = rs4a_direct_conv_packed_count(
            Int32(outChannels), Int32(inChannels), Int32(geometry.kernelH), Int32(geometry.kernelW))
        var packed = [Float](repeating: 0, count: count)
        weight.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { p in
                rs4a_direct_conv_pack(w.baseAddress!, Int32(outChannels), Int32(inChannels), Int32(geometry.kernelH),
                                      Int32(geometry.kernelW), p.baseAddress!)
            }
        }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.geometry = geometry
        self.weight = weight
        self.packed = packed
    }

    /// The convolution of `x` (+ bias, ReLU), followed by a 2×2 stride-2 max-pool when `pool`
    /// (which needs even output extents; the caller checks).
    func forward(_ x: Activation, bias: [Float]?, relu: Bool, pool: Bool, _ workspace: Workspace) -> Activation {
        let g = geometry
        var shape = rs4a_direct_conv_shape(
            channels: Int32(inChannels), batch: Int32(x.batch), height: Int32(x.shape.height),
            width: Int32(x.shape.width), out_channels: Int32(outChannels), kernel_h: Int32(g.kernelH),
            kernel_w: Int32(g.kernelW), padding: Int32(g.padding))
        let ho = g.outputExtent(x.shape.height, kernel: g.kernelH), wo = g.outputExtent(x.shape.width, kernel: g.kernelW)
        let outShape = pool
            ? FeatureShape(channels: outChannels, height: ho / 2, width: wo / 2)
            : FeatureShape(channels: outChannels, height: ho, width: wo)
        var out = Activation(uninitialized: outShape, batch: x.batch, workspace: workspace)
        guard x.batch > 0 else { return out }
        var scratch = workspace.take(rs4a_direct_conv_scratch_count(&shape, pool ? 1 : 0))
        let status = x.data.withUnsafeBufferPointer { xin in
            weight.withUnsafeBufferPointer { w in
                packed.withUnsafeBufferPointer { p in
                    scratch.withUnsafeMutableBufferPointer { s in
                        out.data.withUnsafeMutableBufferPointer { o in
                            withOptionalPointer(bias) { b in
                                rs4a_direct_conv(&shape, xin.baseAddress!, w.baseAddress!, p.baseAddress!, b,
                                                 relu ? 1 : 0, pool ? 1 : 0, o.baseAddress!, s.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        // The layer's shapes were validated when the network was built; a refusal here is a bug.
        precondition(status == 0, "direct convolution refused shape \(x.shape) → \(outShape)")
        workspace.recycle(scratch)
        return out
    }
}

/// Calls `body` with a pointer to `array`'s elements, or nil when `array` is nil.
private func withOptionalPointer<R>(_ array: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// Which direct convolution kernels this CPU runs (for benchmarks, diagnostics and tests).
///
/// The kernels are compiled for AVX-512 and for AVX2 + FMA and chosen on first use: AVX-512 where
/// the CPU and OS support it (with AVX2 and FMA), else AVX2 + FMA, else none (`.automatic` then
/// uses im2col + GEMM for these layers). The environment variable `RS4A_DIRECT_CONV_ISA` (read
/// once per process, case-insensitive) can cap the choice: `avx2` at AVX2 + FMA, `none` disables
/// the kernels, `avx512` is the default; other values are ignored with a warning on stderr.
public enum DirectKernels {
    /// Floats per vector: 16 (AVX-512), 8 (AVX2 + FMA) or 0 (unavailable).
    public static var vectorWidth: Int { DirectConvolution.vectorWidth }

    /// The instruction set in words, e.g. "AVX-512 (16 lanes)".
    public static var description: String {
        switch vectorWidth {
        case 16: return "AVX-512 (16 lanes)"
        case 8: return "AVX2 + FMA (8 lanes)"
        default: return "unavailable (im2col + GEMM instead)"
        }
    }
}
