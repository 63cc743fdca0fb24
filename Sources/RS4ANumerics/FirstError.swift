import Foundation

/// The first error thrown by any worker of one parallel call (`Parallel.forEachChunk` bodies
/// cannot throw): workers `record` into it, the caller reads `error` after the loop and
/// rethrows. One per call, so the lock is never shared between calls.
public final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    public init() {}

    /// Keeps `error` unless an earlier one was recorded.
    public func record(_ error: any Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }

    /// The first recorded error, if any.
    public var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
