#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

// The calling thread's last error message: a malloc'd C string per thread, kept in a pthread
// key whose destructor frees it when the thread exits.

enum LastError {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let result = pthread_key_create(&key) { pointer in free(pointer) }
        precondition(result == 0, "rs4a: pthread_key_create failed")  // only at first use; no user input involved
        return key
    }()

    /// The current message ("" when none).
    static var current: UnsafePointer<CChar> {
        if let pointer = pthread_getspecific(key) { return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self)) }
        return empty
    }

    /// Replaces the message (empty string clears it).
    static func set(_ message: String) {
        let old = pthread_getspecific(key)
        if message.isEmpty {
            pthread_setspecific(key, nil)
        } else {
            pthread_setspecific(key, strdup(message))
        }
        free(old)
    }

    static func clear() {
        if let old = pthread_getspecific(key) {
            pthread_setspecific(key, nil)
            free(old)
        }
    }

    nonisolated(unsafe) private static let empty: UnsafePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        buffer.initialize(to: 0)
        return UnsafePointer(buffer)
    }()
}

/// Runs one C entry point's body: success clears the thread's last error and returns RS4A_OK;
/// any thrown error becomes its status code and a message prefixed with the function's name.
@inline(__always)
func capiCall(_ function: StaticString, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        LastError.clear()
        return RS4AStatus.ok.rawValue
    } catch {
        let (status, message) = classify(error)
        LastError.set("\(function): \(message)")
        return status.rawValue
    }
}

/// `pointer`, or RS4A_ERR_NULL_POINTER naming the parameter.
@inline(__always)
func required<T>(_ pointer: T?, _ name: String) throws -> T {
    guard let pointer else { throw CAPIError(.nullPointer, "\(name) is NULL") }
    return pointer
}

/// A C string argument as a Swift String (NULL and invalid UTF-8 are errors).
func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String {
    let p = try required(pointer, name)
    guard let s = String(validatingCString: p) else { throw CAPIError(.invalidArgument, "\(name) is not valid UTF-8") }
    return s
}
