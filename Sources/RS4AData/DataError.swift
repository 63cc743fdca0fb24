import Foundation

/// Errors of the dataset readers and array files, with messages a user can act on.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// The dataset's files are not where they were looked for; the message names the expected files.
    case missingFiles(String)
    /// A file exists but is not in the expected format (or is truncated).
    case malformed(file: String, message: String)
    /// A caller-supplied value is out of range; names the parameter.
    case invalidParameter(name: String, message: String)
    /// An I/O failure reading or writing a file.
    case io(String)

    public var description: String {
        switch self {
        case .missingFiles(let m): return m
        case .malformed(let file, let m): return "\(file): \(m)"
        case .invalidParameter(let name, let m): return "invalid \(name): \(m)"
        case .io(let m): return m
        }
    }
}

extension DataError: LocalizedError {
    public var errorDescription: String? { description }
}
