// The engine's internal activation layout. A sub-batch of n images is stored channel-major,
// C × n × H × W ("CNHW"): a convolution's im2col matrix then covers all n images in one
// GEMM whose output is already in this layout, and flat features are simply C × n (H = W = 1).

/// Per-image feature-map shape (channels, height, width).
struct FeatureShape: Sendable, Equatable, CustomStringConvertible {
    var channels: Int
    var height: Int
    var width: Int

    var planeSize: Int { height * width }
    var count: Int { channels * height * width }
    var description: String { "\(channels)×\(height)×\(width)" }
}

/// A sub-batch of activations in CNHW layout.
struct Activation {
    var data: [Float]
    var shape: FeatureShape
    var batch: Int

    /// Allocates storage for `batch` images of `shape` without initialising it; callers write every element.
    init(uninitialized shape: FeatureShape, batch: Int) {
        self.shape = shape
        self.batch = batch
        self.data = uninitializedFloats(shape.count * batch)
    }

    init(data: [Float], shape: FeatureShape, batch: Int) {
        precondition(data.count == shape.count * batch, "activation size mismatch (engine bug)")
        self.data = data
        self.shape = shape
        self.batch = batch
    }
}

/// A Float array of `count` elements whose contents the caller overwrites entirely.
@inline(__always)
func uninitializedFloats(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
