import Foundation

// Opaque handles. A handle is a number, never an address: the registry maps live handle values to
// their objects, hands out each value once (a counter that only grows), and is consulted under a
// lock on every call. So freed handles (never reissued), foreign pointers (never issued) and
// handles of another kind are all detected without ever dereferencing what the caller passed.
// The lock is held only for the dictionary lookup, never during the work of a call.

/// The three handle types of include/rs4a.h.
enum HandleKind: String {
    case stateDict = "rs4a_state_dict"
    case model = "rs4a_model"
    case noise = "rs4a_noise"
}

final class HandleRegistry: @unchecked Sendable {
    static let shared = HandleRegistry()

    private let lock = NSLock()
    /// Next handle value; steps of 16 so handles look like aligned pointers to debuggers.
    private var next: UInt = (UInt(truncatingIfNeeded: 0x5253_3441_0000_0000 as UInt64) | 0x1000)
    private var live: [UInt: (kind: HandleKind, object: AnyObject)] = [:]

    /// Registers `object` and returns its new handle.
    func register(_ object: AnyObject, kind: HandleKind) -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        let value = next
        next &+= 16
        live[value] = (kind, object)
        // A non-zero integer used only as an identifier; never dereferenced.
        return OpaquePointer(bitPattern: value)!
    }

    /// The live object of `kind` behind `handle` (retained by the caller for the call's duration).
    func lookup<T: AnyObject>(_ handle: OpaquePointer?, _ kind: HandleKind, as type: T.Type, name: String) throws -> T {
        guard let handle else { throw CAPIError(.nullPointer, "\(name) is NULL") }
        let value = UInt(bitPattern: handle)
        lock.lock()
        let entry = live[value]
        lock.unlock()
        guard let entry else {
            throw CAPIError(.badHandle, "\(name) is not a live handle (freed, or not created by rs4a)")
        }
        guard entry.kind == kind, let object = entry.object as? T else {
            throw CAPIError(.badHandle, "\(name) is an \(entry.kind.rawValue) handle, expected an \(kind.rawValue)")
        }
        return object
    }

    /// Removes a live handle of `kind`; false (and nothing removed) if it is not one.
    @discardableResult
    func remove(_ handle: OpaquePointer?, _ kind: HandleKind) -> Bool {
        guard let handle else { return true }
        let value = UInt(bitPattern: handle)
        lock.lock()
        var removed: AnyObject?
        if let entry = live[value], entry.kind == kind {
            removed = live.removeValue(forKey: value)?.object
        }
        lock.unlock()
        // The object (and anything it frees in deinit) is released outside the lock.
        return removed != nil
    }
}

/// The body of every *_free: removes a live handle of `kind`; anything else (freed, foreign,
/// wrong kind) is left alone and noted in the thread's last error. NULL is a no-op.
func releaseHandle(_ handle: OpaquePointer?, kind: HandleKind, function: StaticString) {
    if !HandleRegistry.shared.remove(handle, kind) {
        LastError.set("\(function): not a live \(kind.rawValue) handle (already freed, foreign or another kind); nothing freed")
    }
}
