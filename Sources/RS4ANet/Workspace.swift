// Per-call, per-worker recycling of activation and im2col buffers. A forward pass allocates
// the same few buffer sizes over and over; recycling them avoids fresh (page-faulting) large
// allocations for every layer. Never shared between threads, so it needs no locking.

final class Workspace {
    private var free: [Int: [[Float]]] = [:]
    /// The convolution algorithm the caller's `Network` asks for.
    let algorithm: ConvolutionAlgorithm

    init(algorithm: ConvolutionAlgorithm = .automatic) {
        self.algorithm = algorithm
    }

    /// A buffer of exactly `count` elements with unspecified contents (the caller overwrites it).
    func take(_ count: Int) -> [Float] {
        if var list = free[count], let buffer = list.popLast() {
            free[count] = list
            return buffer
        }
        return uninitializedFloats(count)
    }

    /// Returns a buffer that its owner no longer reads.
    func recycle(_ buffer: [Float]) {
        guard !buffer.isEmpty else { return }
        free[buffer.count, default: []].append(buffer)
    }
}

extension Activation {
    /// An activation whose storage comes from `workspace` (contents unspecified).
    init(uninitialized shape: FeatureShape, batch: Int, workspace: Workspace) {
        self.init(data: workspace.take(shape.count * batch), shape: shape, batch: batch)
    }

    /// Whether `self` and `other` use the same storage (a layer returned its input unchanged).
    func sharesStorage(with other: Activation) -> Bool {
        data.withUnsafeBufferPointer { a in other.data.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
