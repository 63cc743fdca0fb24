import Foundation

// Loading parameters into a network with PyTorch's strict load_state_dict semantics.

/// Parameters given as named tensors (e.g. a state dict read elsewhere, or arrays from Python).
struct TensorDictionaryProvider: TensorProvider {
    let tensors: [String: Tensor]
    var keys: [String] { Array(tensors.keys) }
    func shape(of key: String) -> [Int]? { tensors[key]?.shape }
    func floats(of key: String) throws -> [Float] { tensors[key]?.values ?? [] }
}

/// A checkpoint's state dict as a parameter source (keys raw from the file).
struct StateDictProvider: TensorProvider {
    let stateDict: StateDict
    var keys: [String] { stateDict.keys }
    func shape(of key: String) -> [Int]? { stateDict[key]?.shape }
    func floats(of key: String) throws -> [Float] { try stateDict[key]?.floatValues() ?? [] }
}

extension Network {
    /// Builds `architecture` for `dataset` with the parameters in `parameters`, keyed as in the
    /// reference wrapper's state_dict (`norm.mu`, `model.conv1.weight`; the `module.` segments of
    /// nn.DataParallel are optional). Loading is strict, like PyTorch's `load_state_dict`: every
    /// missing key, unexpected key and shape mismatch is reported in one `NetError.stateDictMismatch`.
    /// BatchNorm `num_batches_tracked` entries are accepted and ignored; BatchNorm eps is 1e-5.
    public convenience init(
        architecture: Architecture, dataset: DatasetInfo, parameters: [String: Tensor], threads: Int = 1
    ) throws {
        try self.init(
            architecture: architecture, dataset: dataset, provider: TensorDictionaryProvider(tensors: parameters),
            randomSeed: 0, threads: threads)
    }
}

extension Network {
    /// Builds `architecture` for `dataset` from a checkpoint's state dict (strict, as
    /// `init(architecture:dataset:parameters:threads:)`). Float16/bfloat16/float64 tensors are
    /// converted to Float32.
    public convenience init(architecture: Architecture, dataset: DatasetInfo, stateDict: StateDict, threads: Int = 1) throws {
        try self.init(
            architecture: architecture, dataset: dataset, provider: StateDictProvider(stateDict: stateDict),
            randomSeed: 0, threads: threads)
    }

    /// Reads the PyTorch checkpoint at `url` (zip or legacy format) and builds `architecture` for `dataset` from it.
    /// - Throws: `CheckpointError` when the file cannot be read, `NetError` when it does not fit the architecture.
    public static func load(
        architecture: Architecture, dataset: DatasetInfo, checkpoint url: URL, threads: Int = 1
    ) throws -> Network {
        try Network(
            architecture: architecture, dataset: dataset, stateDict: try CheckpointLoader.load(contentsOf: url),
            threads: threads)
    }

    /// Reads a checkpoint written by the reference code for the model named (`architecture`, `dataset`),
    /// e.g. ("ResNet", "cifar") or ("WideResNet", "cifar"); see `ModelRegistry`.
    /// - Throws: `NetError.unknownModel` for an unknown pair, `CheckpointError` for an unreadable file,
    ///   `NetError.stateDictMismatch` when its keys or shapes do not match.
    public static func load(architecture: String, dataset: String, checkpoint url: URL, threads: Int = 1) throws -> Network {
        let (arch, data) = try ModelRegistry.resolve(architecture: architecture, dataset: dataset)
        return try load(architecture: arch, dataset: data, checkpoint: url, threads: threads)
    }
}
