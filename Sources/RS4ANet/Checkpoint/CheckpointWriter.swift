import Foundation

/// Writes state dicts as PyTorch zip checkpoints that `torch.load` and
/// `nn.Module.load_state_dict` accept: an `OrderedDict` of tensors, each with its own
/// contiguous storage, in file order (archive folder `archive/`, format version 3).
public enum CheckpointWriter {
    /// The checkpoint bytes for `stateDict` (any dtype; views are written contiguously).
    public static func torchZipData(_ stateDict: StateDict) throws -> Data {
        let entries = stateDict.entries
        let pickle = PickleWriter.stateDict(try entries.map { name, tensor in
            (name: name, dtype: tensor.dtype, shape: tensor.shape,
             strides: try TensorLayout.contiguousStrides(tensor.shape, context: "tensor \"\(name)\""),
             numel: tensor.count)
        })
        var zip = StoredZipWriter()
        try zip.add(path: "archive/data.pkl", contents: Data(pickle))
        try zip.add(path: "archive/byteorder", contents: Data("little".utf8))
        for (i, (_, tensor)) in entries.enumerated() {
            try zip.add(path: "archive/data/\(i)", contents: try tensor.contiguousBytes())
        }
        try zip.add(path: "archive/version", contents: Data("3\n".utf8))
        return try zip.finish()
    }

    /// Writes `stateDict` to `url` in PyTorch zip format (replacing any existing file).
    public static func saveTorchZip(_ stateDict: StateDict, to url: URL) throws {
        let data = try torchZipData(stateDict)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw CheckpointError.io("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Convenience for float32 parameters: `(name, shape, values)` in order. Use
    /// `saveTorchZip(_ stateDict:to:)` with `CheckpointTensor(shape:int64s:)` entries
    /// when int64 buffers (BatchNorm's `num_batches_tracked`) are needed too.
    public static func saveTorchZip(_ tensors: [(String, shape: [Int], values: [Float])], to url: URL) throws {
        let entries = try tensors.map { ($0.0, try CheckpointTensor(shape: $0.shape, floats: $0.values)) }
        try saveTorchZip(StateDict(entries), to: url)
    }
}
