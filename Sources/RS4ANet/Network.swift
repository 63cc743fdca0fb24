// A loaded base classifier: normalisation layer → network, immutable after construction, so one
// instance can serve concurrent `forward` calls (scratch memory is per worker, kept in a
// lock-protected pool between calls).
import Dispatch

/// A base classifier of the reference system (`normalize → network`), ready for inference.
///
/// Thread safety: the weights are immutable and each worker has its own scratch buffers (taken
/// from and returned to a pool under a lock, once per call); `forward` may be called from many
/// threads at once.
/// Each call splits its batch over up to `threads` worker threads; OpenBLAS itself runs
/// single-threaded so the two levels of parallelism never oversubscribe the cores.
public final class Network: Sendable {
    /// The architecture (with its depth/width parameters).
    public let architecture: Architecture
    /// The dataset: input shape, classes and normalisation defaults.
    public let dataset: DatasetInfo
    /// Worker threads per `forward` call (≥ 1).
    public let threads: Int
    /// How convolutions are computed (`.automatic` unless `using(_:)` made this instance).
    public let convolutionAlgorithm: ConvolutionAlgorithm

    let normalization: Normalization
    let body: Sequential
    /// Images per sub-batch (bounded so each worker's working set stays near the caches).
    let subBatch: Int
    /// The workers' buffers, kept between calls.
    let workspaces: WorkspacePool

    /// Per-image input shape [C, H, W].
    public var inputShape: [Int] { dataset.inputShape }
    /// Number of output logits per image.
    public var classes: Int { dataset.classes }

    /// Builds `architecture` for `dataset` with random weights (He-normal convolutions and linear
    /// layers, identity BatchNorm statistics, the dataset's default normalisation). For benchmarks.
    /// - Throws: `NetError.invalidParameter` / `.invalidInputShape` if the sizes do not fit together.
    public convenience init(architecture: Architecture, dataset: DatasetInfo, randomSeed: UInt64, threads: Int = 1) throws {
        try self.init(architecture: architecture, dataset: dataset, provider: nil, randomSeed: randomSeed, threads: threads)
    }

    init(architecture: Architecture, dataset: DatasetInfo, provider: (any TensorProvider)?, randomSeed: UInt64,
         threads: Int) throws {
        guard threads >= 1 else {
            throw NetError.invalidParameter(name: "threads", message: "must be ≥ 1, got \(threads)")
        }
        let reader = ParameterReader(
            provider: provider, randomSeed: randomSeed, dataParallel: architecture.usesDataParallel)
        let shape = dataset.inputShape
        let c = shape[0], d = shape.reduce(1, *), k = dataset.classes
        let normalization = reader.normalization(dataset)
        let layers: [any Layer]
        switch architecture {
        case .imageNetResNet(let cfg):
            try cfg.validate()
            layers = cfg.build(reader, channels: c, classes: k)
        case .cifarResNet(let cfg):
            try cfg.validate()
            layers = cfg.build(reader, channels: c, classes: k, finalWidth: CIFARResNetConfig.finalWidth(input: shape[2]))
        case .wideResNet(let cfg):
            try cfg.validate()
            layers = cfg.build(reader, channels: c, classes: k)
        case .leNet:
            layers = LeNetBuilder.build(reader, input: shape, classes: k)
        case .alexNet(let cfg):
            try cfg.validate()
            layers = cfg.build(reader, channels: c, classes: k)
        case .mlp(let cfg):
            try cfg.validate()
            layers = cfg.build(reader, inputDimension: d, classes: k)
        case .linear:
            layers = LinearModelBuilder.build(reader, inputDimension: d, classes: k)
        }
        try reader.finish()
        let body = Sequential(layers: layers)
        let input = FeatureShape(channels: c, height: shape[1], width: shape[2])
        let output = try body.outputShape(for: input)
        guard output == FeatureShape(channels: k, height: 1, width: 1) else {
            throw NetError.invalidInputShape(expected: "a network producing \(k) logits", found: shape)
        }
        self.architecture = architecture
        self.dataset = dataset
        self.threads = threads
        self.convolutionAlgorithm = .automatic
        self.normalization = normalization
        self.body = body
        self.subBatch = Self.subBatchSize(workingSetPerImage: body.workingSetPerImage(for: input))
        self.workspaces = Self.makePool(.automatic, threads: threads)
    }

    /// Idle workspaces for `threads` workers, each keeping at most 8 activation budgets (128 MB;
    /// one call's buffers are a few budgets).
    private static func makePool(_ algorithm: ConvolutionAlgorithm, threads: Int) -> WorkspacePool {
        WorkspacePool(algorithm: algorithm, capacity: threads, retainLimit: 8 * activationBudget)
    }

    private init(_ other: Network, algorithm: ConvolutionAlgorithm) {
        architecture = other.architecture
        dataset = other.dataset
        threads = other.threads
        convolutionAlgorithm = algorithm
        normalization = other.normalization
        body = other.body
        subBatch = other.subBatch
        workspaces = Self.makePool(algorithm, threads: other.threads)
    }

    /// The same network (sharing its weights) computing convolutions with `algorithm`; e.g.
    /// `net.using(.im2col)` is the straightforward reference path the fast one is tested against.
    public func using(_ algorithm: ConvolutionAlgorithm) -> Network {
        algorithm == convolutionAlgorithm ? self : Network(self, algorithm: algorithm)
    }

    /// Live activation floats per sub-batch: 4 M floats (16 MB), at most 64 images. Bounds memory
    /// for large images (ResNet-50: 1–2 images) while giving small-image networks wide GEMMs.
    static let activationBudget = 1 << 22

    static func subBatchSize(workingSetPerImage: Int) -> Int {
        max(1, min(64, activationBudget / max(workingSetPerImage, 1)))
    }

    /// Logits for a batch of images.
    /// - Parameter input: N×C×H×W with [C, H, W] == `inputShape` (raw pixel scale; the network normalises).
    /// - Returns: N×classes logits.
    /// - Throws: `NetError.invalidInputShape` when the shape does not match.
    public func forward(_ input: Tensor) throws -> Tensor {
        let n = try batchSize(of: input.shape)
        var logits = [Float](repeating: 0, count: n * classes)
        input.values.withUnsafeBufferPointer { x in
            logits.withUnsafeMutableBufferPointer { out in run(x, batch: n, into: out) }
        }
        return try Tensor(shape: [n, classes], values: logits)
    }

    /// Logits for `batch` images stored contiguously in `input` (N×C×H×W, row-major), written to
    /// `output` (N×classes, row-major). No copies of the caller's buffers; for the C ABI.
    /// - Throws: `NetError.invalidBufferSize` if either buffer has the wrong length.
    public func forward(
        _ input: UnsafeBufferPointer<Float>, batch: Int, into output: UnsafeMutableBufferPointer<Float>
    ) throws {
        guard batch >= 0 else {
            throw NetError.invalidParameter(name: "batch", message: "must be ≥ 0, got \(batch)")
        }
        guard let expected = checkedProduct([batch] + inputShape) else {
            throw NetError.invalidParameter(name: "batch", message: "batch \(batch) overflows the element count")
        }
        guard input.count == expected else {
            throw NetError.invalidBufferSize(name: "input", expected: expected, found: input.count)
        }
        guard output.count == batch * classes else {
            throw NetError.invalidBufferSize(name: "output", expected: batch * classes, found: output.count)
        }
        run(input, batch: batch, into: output)
    }

    /// The predicted class (argmax of the logits) of each image.
    public func predict(_ input: Tensor) throws -> [Int] {
        Self.argmax(try forward(input))
    }

    /// Row-wise argmax of an N×K logits tensor (the first maximum on ties, like torch.argmax on CPU).
    public static func argmax(_ logits: Tensor) -> [Int] {
        guard logits.shape.count == 2, logits.shape[1] > 0 else { return [] }
        let k = logits.shape[1]
        return (0..<logits.shape[0]).map { i in
            var best = 0
            var bestValue = logits.values[i * k]
            for j in 1..<k where logits.values[i * k + j] > bestValue || (logits.values[i * k + j].isNaN && !bestValue.isNaN) {
                best = j
                bestValue = logits.values[i * k + j]
            }
            return best
        }
    }

    private func batchSize(of shape: [Int]) throws -> Int {
        guard shape.count == 4, Array(shape[1...]) == inputShape, shape[0] >= 0 else {
            throw NetError.invalidInputShape(expected: "N×\(inputShape.map(String.init).joined(separator: "×"))", found: shape)
        }
        return shape[0]
    }

    /// Splits the batch into contiguous ranges, one per worker; each worker runs sub-batches.
    private func run(_ input: UnsafeBufferPointer<Float>, batch n: Int, into output: UnsafeMutableBufferPointer<Float>) {
        guard n > 0, let x = input.baseAddress, let y = output.baseAddress else { return }
        BLASThreading.ensureSingleThreaded()
        let workers = min(threads, n)
        let io = UnsafeIO(input: x, output: y)
        if workers == 1 {
            runRange(io, 0..<n)
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = n * w / workers, hi = n * (w + 1) / workers
            runRange(io, lo..<hi)
        }
    }

    private func runRange(_ io: UnsafeIO, _ range: Range<Int>) {
        let shape = FeatureShape(channels: inputShape[0], height: inputShape[1], width: inputShape[2])
        let workspace = workspaces.take()
        defer { workspaces.give(workspace) }
        // Equal sub-batches (rather than full ones and a remainder) so buffer sizes repeat.
        let pieces = (range.count + subBatch - 1) / subBatch
        for piece in 0..<pieces {
            let first = range.lowerBound + range.count * piece / pieces
            let m = range.lowerBound + range.count * (piece + 1) / pieces - first
            let input = normalization.apply(io.input, first: first, count: m, shape: shape, workspace: workspace)
            let logits = body.forward(input, workspace)
            workspace.recycle(input.data)
            // logits are classes × m; the caller wants m × classes.
            logits.data.withUnsafeBufferPointer { l in
                for img in 0..<m {
                    for j in 0..<classes { io.output[(first + img) * classes + j] = l[j * m + img] }
                }
            }
            workspace.recycle(logits.data)
        }
    }
}

/// How a `Network` computes its convolutions. All give the same function up to Float32 rounding.
public enum ConvolutionAlgorithm: Sendable, Equatable {
    /// The fastest available kernel per layer, the first that applies: Winograd F(2×2, 3×3) for
    /// 3×3 stride-1 padding-1 convolutions with ≥ 16 input channels; direct register-blocked
    /// kernels for stride-1 convolutions larger than 1×1 with ≤ 16 output channels and ≤ 150
    /// weights per output (on CPUs with AVX2 + FMA or AVX-512); im2col + GEMM for the others.
    case automatic
    /// Every convolution as GEMMs: Winograd where `.automatic` would use it, im2col + GEMM
    /// elsewhere, no direct kernels (what `.automatic` amounts to on CPUs without AVX2 + FMA).
    case gemm
    /// im2col + GEMM for every convolution (the straightforward reference path).
    case im2col
}

/// The caller's buffers, shared by workers that touch disjoint images (hence unchecked).
private struct UnsafeIO: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
}
