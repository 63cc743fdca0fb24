/// Errors thrown by the validated parts of RS4ANumerics (distribution
/// constructors, statistics, quadrature, root finding).
public enum NumericsError: Error, Equatable, CustomStringConvertible {
    /// An argument is outside its domain; the message names the parameter and its allowed range.
    case invalidArgument(String)
    /// An iterative method ran out of iterations (or intervals) before meeting its tolerance.
    case noConvergence(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): return "invalid argument: \(message)"
        case .noConvergence(let message): return "no convergence: \(message)"
        }
    }
}
