/// Errors of the training module; messages name the parameter and the allowed values.
public enum TrainError: Error, CustomStringConvertible, Equatable {
    /// A user-supplied value is out of range.
    case invalidParameter(name: String, message: String)
    /// A state dict does not fit the model (missing / unexpected keys, wrong shapes).
    case stateDictMismatch(String)
    /// A file could not be read or written, or has the wrong format.
    case io(String)
    /// The experiment folder holds a run that this one may not continue (other training options).
    case incompatibleRun(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let message): return "invalid \(name): \(message)"
        case .stateDictMismatch(let m): return "state dict mismatch: \(m)"
        case .io(let m): return "I/O error: \(m)"
        case .incompatibleRun(let m): return m
        }
    }
}
