// Loading parameters into a network with PyTorch's strict load_state_dict semantics.

/// Parameters given as named tensors (e.g. a state dict read elsewhere, or arrays from Python).
struct TensorDictionaryProvider: TensorProvider {
    let tensors: [String: Tensor]
    var keys: [String] { Array(tensors.keys) }
    func shape(of key: String) -> [Int]? { tensors[key]?.shape }
    func floats(of key: String) throws -> [Float] { tensors[key]?.values ?? [] }
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
