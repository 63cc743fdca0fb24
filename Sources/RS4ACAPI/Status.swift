import RS4A

// rs4a_status values (include/rs4a.h) and the typed error every C entry point reports with.

/// The C ABI's status codes, with the same numbers as `enum rs4a_status`.
enum RS4AStatus: Int32, CaseIterable {
    case ok = 0
    case invalidArgument = 1
    case nullPointer = 2
    case badHandle = 3
    case shape = 4
    case io = 5
    case format = 6
    case unsupported = 7
    case cancelled = 8
    case state = 9
    case `internal` = 10

    /// The C constant's name ("RS4A_ERR_SHAPE").
    var name: String {
        switch self {
        case .ok: return "RS4A_OK"
        case .invalidArgument: return "RS4A_ERR_INVALID_ARGUMENT"
        case .nullPointer: return "RS4A_ERR_NULL_POINTER"
        case .badHandle: return "RS4A_ERR_BAD_HANDLE"
        case .shape: return "RS4A_ERR_SHAPE"
        case .io: return "RS4A_ERR_IO"
        case .format: return "RS4A_ERR_FORMAT"
        case .unsupported: return "RS4A_ERR_UNSUPPORTED"
        case .cancelled: return "RS4A_ERR_CANCELLED"
        case .state: return "RS4A_ERR_STATE"
        case .internal: return "RS4A_ERR_INTERNAL"
        }
    }
}

/// An error raised by the C layer itself (NULL pointers, bad handles, sizes).
struct CAPIError: Error {
    let status: RS4AStatus
    let message: String

    init(_ status: RS4AStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// The status and message for any error a Swift call below may throw.
func classify(_ error: any Error) -> (RS4AStatus, String) {
    switch error {
    case let e as CAPIError:
        return (e.status, e.message)
    case let e as SmoothingError:
        switch e {
        case .invalidArgument: return (.invalidArgument, e.description)
        case .shapeMismatch: return (.shape, e.description)
        case .cancelled: return (.cancelled, e.description)
        }
    case let e as NoiseError:
        switch e {
        case .invalidParameter, .invalidProbability, .invalidAdversary: return (.invalidArgument, e.description)
        case .noCertificate: return (.unsupported, e.description)
        case .invalidInput: return (.shape, e.description)
        case .tableFailure:
            // Corrupt or unwritable table files are handled inside the cache (rebuilt, or kept in
            // memory); a failure that gets here is a table that could not be built soundly for
            // this noise's parameters — user-chosen ones, often extreme (Pow2 with a = 1e300).
            return (.invalidArgument, "\(e.description) — no sound radius table could be built for this noise's "
                    + "parameters (dim and shape); try other values, and report it if they are ordinary ones")
        }
    case let e as NetError:
        switch e {
        case .unknownModel, .invalidParameter: return (.invalidArgument, e.description)
        case .invalidInputShape, .invalidBufferSize: return (.shape, e.description)
        case .stateDictMismatch, .unreadableTensor: return (.format, e.description)
        }
    case let e as CheckpointError:
        switch e {
        case .io: return (.io, e.description)
        case .invalidArgument: return (.invalidArgument, e.description)
        default: return (.format, e.description)
        }
    case let e as NumericsError:
        switch e {
        case .invalidArgument: return (.invalidArgument, e.description)
        case .noConvergence: return (.internal, e.description)
        }
    default:
        return (.internal, "unexpected error: \(error)")
    }
}
