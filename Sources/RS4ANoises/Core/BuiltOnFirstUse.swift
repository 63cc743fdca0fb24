import Synchronization

/// A value one noise needs only to certify (never to sample), built on the first call to
/// `value()` and read afterwards with one atomic load — no lock in the per-ρ loops. Copies of
/// the noise share it. A build that throws stores nothing (the next call tries again).
final class BuiltOnFirstUse<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private let reference = AtomicLazyReference<Box>()
    private let build: @Sendable () throws -> Value

    init(_ build: @escaping @Sendable () throws -> Value) { self.build = build }

    @inline(__always) func value() throws -> Value {
        if let box = reference.load() { return box.value }
        return reference.storeIfNil(Box(try build())).value
    }
}
