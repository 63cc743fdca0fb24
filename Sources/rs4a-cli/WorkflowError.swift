import Foundation

/// Errors of the experiment workflow commands, with messages a user can act on.
enum WorkflowError: Error, CustomStringConvertible, LocalizedError {
    case invalidOption(String)
    case incompatible(String)
    case missing(String)

    var description: String {
        switch self {
        case .invalidOption(let m): return "invalid option: \(m)"
        case .incompatible(let m): return m
        case .missing(let m): return m
        }
    }

    var errorDescription: String? { description }
}
