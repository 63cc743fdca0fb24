import Synchronization

/// A value one noise needs only to certify (never to sample), built on the first call and
/// then reached with one atomic load and no reference counting — the per-ρ loops of a
/// certificate run on every core, and a retain/release of one shared object per ρ would make
/// those cores contend for its count. Copies of the noise share it. A build that throws
/// stores nothing (the next call tries again); concurrent first calls may both build, one
/// result is kept.
final class BuiltOnFirstUse<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The address of the retained box once built, else 0 (released in deinit).
    private let stored = Atomic<Int>(0)
    private let build: @Sendable () throws -> Value

    init(_ build: @escaping @Sendable () throws -> Value) { self.build = build }

    deinit {
        if let pointer = UnsafeRawPointer(bitPattern: stored.load(ordering: .acquiring)) {
            Unmanaged<Box>.fromOpaque(pointer).release()
        }
    }

    /// `body` applied to the value (built on first use); the value is borrowed, not copied.
    @inline(__always) func withValue<R>(_ body: (Value) throws -> R) throws -> R {
        let box: Unmanaged<Box>
        if let pointer = UnsafeRawPointer(bitPattern: stored.load(ordering: .acquiring)) {
            box = .fromOpaque(pointer)
        } else {
            let built = Unmanaged.passRetained(Box(try build()))
            let address = Int(bitPattern: built.toOpaque())
            let (exchanged, original) = stored.compareExchange(expected: 0, desired: address, ordering: .acquiringAndReleasing)
            if exchanged {
                box = built
            } else {
                built.release()
                box = .fromOpaque(UnsafeRawPointer(bitPattern: original)!)
            }
        }
        return try box._withUnsafeGuaranteedRef { try body($0.value) }
    }
}
