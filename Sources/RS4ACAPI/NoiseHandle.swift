import Foundation
import RS4A

// The object behind an rs4a_noise: an immutable noise, its short name as a C string, and the
// table cache its certificates use (settable with rs4a_noise_set_tables_dir).

final class NoiseHandle {
    let noise: any Noise
    let cName: UnsafeMutablePointer<CChar>
    private let lock = NSLock()
    private var cache = TableCache.shared

    init(_ noise: any Noise) {
        self.noise = noise
        self.cName = strdup(noise.kind.shortName)
    }

    deinit { Foundation.free(cName) }

    /// Where this noise's radius tables live.
    var tableCache: TableCache {
        lock.lock()
        defer { lock.unlock() }
        return cache
    }

    /// Uses the tables in `directory` (nil: the default, `TableCache.shared`).
    func setTablesDirectory(_ directory: String?) {
        let chosen = directory.map { TableCaches.cache(for: $0) } ?? .shared
        lock.lock()
        cache = chosen
        lock.unlock()
    }
}

func noiseHandle(_ handle: OpaquePointer?) throws -> NoiseHandle {
    try HandleRegistry.shared.lookup(handle, .noise, as: NoiseHandle.self, name: "noise")
}

/// One table cache per directory for the whole process, so noises sharing a directory also
/// share the tables already in memory.
enum TableCaches {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var byPath: [String: TableCache] = [:]

    static func cache(for directory: String) -> TableCache {
        let path = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL.path
        lock.lock()
        defer { lock.unlock() }
        if let cache = byPath[path] { return cache }
        let cache = TableCache(directory: URL(fileURLWithPath: path, isDirectory: true))
        byPath[path] = cache
        return cache
    }
}
