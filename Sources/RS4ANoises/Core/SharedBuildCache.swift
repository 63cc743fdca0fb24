import Foundation

/// A process-wide map from parameters to something a certificate builds once and reuses (the
/// level-set model, the Expp gamma-quantile interpolant, the Laplace ℓ∞ binomial pieces).
///
/// Builds run outside the lock, so a slow build never blocks lookups of other keys; two
/// threads asking for the same new key may both build it (the last one stored wins — both
/// are equal). The map is cleared when it reaches `limit` entries: a bound, not an LRU,
/// because every value is cheap to rebuild compared with what it saves.
final class SharedBuildCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    let limit: Int

    init(limit: Int = 64) { self.limit = limit }

    /// The value for `key`, built by `build` on first use. A build that throws stores nothing.
    func value(for key: Key, build: () throws -> Value) rethrows -> Value {
        lock.lock()
        if let value = values[key] { lock.unlock(); return value }
        lock.unlock()
        let value = try build()
        lock.lock(); defer { lock.unlock() }
        if values.count >= limit { values.removeAll() }
        values[key] = value
        return value
    }
}
