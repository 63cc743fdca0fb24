// Per-worker recycling of activation and im2col buffers. A forward pass allocates the same few
// buffer sizes over and over; recycling them avoids fresh (page-faulting) large allocations for
// every layer, and a `Network` keeps its workers' workspaces between calls, so once warm a
// forward pass allocates nothing and memory does not grow with the number of calls.
import Synchronization

/// Used by one worker at a time; handed between threads only through `WorkspacePool`'s lock
/// (hence @unchecked Sendable).
final class Workspace: @unchecked Sendable {
    private var free: [Int: [[Float]]] = [:]
    /// Floats held in `free`.
    private(set) var retainedFloats = 0
    /// The convolution algorithm the caller's `Network` asks for.
    let algorithm: ConvolutionAlgorithm

    init(algorithm: ConvolutionAlgorithm = .automatic) {
        self.algorithm = algorithm
    }

    /// A buffer of exactly `count` elements with unspecified contents (the caller overwrites it).
    func take(_ count: Int) -> [Float] {
        if var list = free[count], let buffer = list.popLast() {
            free[count] = list
            retainedFloats -= count
            return buffer
        }
        return uninitializedFloats(count)
    }

    /// Returns a buffer that its owner no longer reads.
    func recycle(_ buffer: [Float]) {
        guard !buffer.isEmpty else { return }
        free[buffer.count, default: []].append(buffer)
        retainedFloats += buffer.count
    }

    /// Drops every retained buffer.
    func clear() {
        free.removeAll()
        retainedFloats = 0
    }
}

/// The idle workspaces of one `Network`, reused by later `forward` calls. One lock acquisition
/// per worker per call (not per layer or image).
final class WorkspacePool: Sendable {
    private let idle = Mutex<[Workspace]>([])
    private let algorithm: ConvolutionAlgorithm
    private let capacity: Int
    private let retainLimit: Int

    /// Keeps at most `capacity` idle workspaces, each holding at most `retainLimit` floats (a
    /// workspace that grew past it, e.g. after calls with many different batch sizes, is emptied).
    init(algorithm: ConvolutionAlgorithm, capacity: Int, retainLimit: Int) {
        self.algorithm = algorithm
        self.capacity = capacity
        self.retainLimit = retainLimit
    }

    func take() -> Workspace {
        idle.withLock { $0.popLast() } ?? Workspace(algorithm: algorithm)
    }

    func give(_ workspace: Workspace) {
        if workspace.retainedFloats > retainLimit { workspace.clear() }
        idle.withLock { list in
            if list.count < capacity { list.append(workspace) }
        }
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
