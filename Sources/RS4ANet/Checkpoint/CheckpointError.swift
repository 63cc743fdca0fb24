import Foundation

/// Everything that can go wrong while reading or writing a checkpoint.
///
/// Every malformed, truncated or hostile file ends in one of these cases; the
/// readers never trap on bad input and never execute anything a pickle names.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The bytes are none of the supported formats (PyTorch zip, PyTorch legacy, safetensors).
    case unrecognizedFormat
    /// The file ends before a structure it announces (what was being read).
    case truncated(String)
    /// The pickle stream is not well formed (what is wrong, and where).
    case malformedPickle(String)
    /// The file is well formed but uses a feature this reader deliberately does not
    /// support (a non-whitelisted pickle global, an exotic dtype, a big-endian file, …).
    case unsupported(String)
    /// A tensor refers to a storage record that the file does not contain.
    case missingStorage(String)
    /// A storage, tensor or header is internally inconsistent (sizes, offsets, strides).
    case inconsistent(String)
    /// The container (zip archive, safetensors header) is damaged.
    case malformedContainer(String)
    /// No state dict could be found in the unpickled object (what was found instead).
    case noStateDict(String)
    /// A tensor's values were requested in a type its dtype cannot give (e.g. `int64Values()` of floats).
    case wrongDType(String)
    /// Invalid arguments to a public API (tensor construction, writer input).
    case invalidArgument(String)
    /// The file could not be read or written.
    case io(String)

    public var description: String {
        switch self {
        case .unrecognizedFormat:
            return "unrecognized checkpoint format: the bytes are neither a PyTorch zip archive (torch ≥ 1.6), "
                + "a PyTorch legacy file (torch.save before 1.6) nor a safetensors file"
        case .truncated(let s): return "truncated checkpoint: \(s)"
        case .malformedPickle(let s): return "malformed pickle: \(s)"
        case .unsupported(let s): return "unsupported checkpoint content: \(s)"
        case .missingStorage(let s): return "missing storage: \(s)"
        case .inconsistent(let s): return "inconsistent checkpoint: \(s)"
        case .malformedContainer(let s): return "malformed container: \(s)"
        case .noStateDict(let s): return "no state dict found: \(s)"
        case .wrongDType(let s): return "wrong dtype: \(s)"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .io(let s): return "I/O error: \(s)"
        }
    }
}

extension CheckpointError: LocalizedError {
    /// The same text as `description`, so `localizedDescription` is informative too.
    public var errorDescription: String? { description }
}
