// Typed errors of the smoothing layer.

/// Errors raised by the smoothing functions (errors of the classifier and the noise pass through).
public enum SmoothingError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside its allowed range (the message names it and the range).
    case invalidArgument(String)
    /// Input, classifier and noise sizes do not fit together.
    case shapeMismatch(String)
    /// The progress callback asked to stop after `done` of `total` draws.
    case cancelled(done: Int, total: Int)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .shapeMismatch(let m): return "shape mismatch: \(m)"
        case .cancelled(let done, let total): return "cancelled by the progress callback after \(done) of \(total) draws"
        }
    }
}
