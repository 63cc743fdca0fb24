import Foundation

/// Radius tables in memory (thread-safe) and on disk (shared across processes).
///
/// Disk files live in `directory` (default: `$RS4A_TABLES_DIR`, else `tables/` under the
/// working directory). Each file has a text header with the full `TableKey`, the point
/// count and an FNV-1a checksum of the binary payload; a file whose header, size, checksum
/// or table checks fail is rebuilt and replaced, never trusted. Files are written to a
/// temporary name in the same directory and atomically renamed, so two processes building
/// the same table at once both end with a complete, valid file. If the directory cannot be
/// written, tables are still built and kept in memory.
public final class TableCache: @unchecked Sendable {
    /// The process-wide cache used when callers pass none.
    public static let shared = TableCache()

    /// Where table files are read and written; `nil` disables the disk layer (memory only).
    public let directory: URL?

    private let lock = NSRecursiveLock()
    private var memory: [TableKey: RadiusTable] = [:]
    private var diskWarnings: [String] = []
    /// Set on the internal views of `recording(_:)`/`pinning(_:)`: every request goes to `base`.
    private let base: TableCache?
    /// Tables returned through a recording view (guarded by `lock`).
    private var recorded: [(key: TableKey, table: RadiusTable)] = []
    /// Tables a pinned view hands out without locking (by adversary: see `pinned`).
    private let pins: [(key: TableKey, table: RadiusTable)]

    /// - Parameter directory: the table folder; `nil` → `$RS4A_TABLES_DIR`, else `./tables`.
    public init(directory: URL? = nil) {
        if let directory {
            self.directory = directory
        } else if let env = ProcessInfo.processInfo.environment["RS4A_TABLES_DIR"], !env.isEmpty {
            self.directory = URL(fileURLWithPath: env, isDirectory: true)
        } else {
            self.directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
                .appendingPathComponent("tables", isDirectory: true)
        }
        base = nil
        pins = []
    }

    /// A cache that never touches the disk.
    public static func memoryOnly() -> TableCache { TableCache(memoryOnly: ()) }

    private init(memoryOnly: Void) {
        directory = nil
        base = nil
        pins = []
    }

    private init(base: TableCache, pins: [(key: TableKey, table: RadiusTable)]) {
        directory = base.directory
        self.base = base
        self.pins = pins
    }

    /// A view of `base` that remembers every table it returns (one noise's tables during the
    /// first radius of a `certify` call; see `pinning`).
    static func recording(_ base: TableCache) -> TableCache { TableCache(base: base.base ?? base, pins: []) }

    /// A view of `base` that hands out the tables a recording view returned by adversary, with
    /// no lock and no key: the parallel loop of one `certify` call resolves its table once.
    /// Anything else is forwarded to `base`.
    static func pinning(_ recorder: TableCache) -> TableCache {
        recorder.lock.lock(); defer { recorder.lock.unlock() }
        return TableCache(base: recorder.base ?? recorder, pins: recorder.recorded)
    }

    /// The table pinned for ℓ`adversary` (see `pinning`) and its key, if any. A pinned view
    /// serves one noise, which has at most one table per adversary, so the adversary identifies
    /// it. Checked by `TableRoute.table`, the one route to a noise's table.
    @inline(__always) func pinned(_ adversary: Double) -> (key: TableKey, table: RadiusTable)? {
        for pin in pins where pin.key.adversary == adversary { return pin }
        return nil
    }

    /// Drops the in-memory tables (disk files stay).
    public func clearMemory() {
        if let base { return base.clearMemory() }
        lock.lock(); defer { lock.unlock() }
        memory.removeAll()
    }

    /// Problems met while reading or writing table files (rebuilt files, unwritable folder).
    public var warnings: [String] {
        if let base { return base.warnings }
        lock.lock(); defer { lock.unlock() }
        return diskWarnings
    }

    /// The file that holds (or would hold) the table for `key`.
    public func fileURL(for key: TableKey) -> URL? { directory?.appendingPathComponent(key.fileName) }

    /// The table for `key`: from memory, else from a valid disk file, else built by `build`
    /// (then stored in memory and on disk). Builds of one process are serialised.
    public func table(for key: TableKey, build: () throws -> RadiusTable) throws -> RadiusTable {
        if let base {
            let t = try base.table(for: key, build: build)
            lock.lock(); defer { lock.unlock() }
            if !recorded.contains(where: { $0.key == key }) { recorded.append((key, t)) }
            return t
        }
        lock.lock(); defer { lock.unlock() }
        if let t = memory[key] { return t }
        if let url = fileURL(for: key), FileManager.default.fileExists(atPath: url.path) {
            do {
                let t = try TableFile.read(url, expecting: key)
                memory[key] = t
                return t
            } catch {
                diskWarnings.append("rebuilding \(url.lastPathComponent): \(error)")
            }
        }
        let t = try build()
        memory[key] = t
        if let url = fileURL(for: key) {
            do { try TableFile.write(t, key: key, to: url) } catch {
                diskWarnings.append("could not write \(url.path): \(error)")
            }
        }
        return t
    }
}

/// The on-disk format of one table.
enum TableFile {
    static let magic = "RS4A-RADIUS-TABLE 1"

    static func encode(_ t: RadiusTable, key: TableKey) -> Data {
        var payload = [UInt8]()
        payload.reserveCapacity(16 * t.rho.count)
        for v in t.rho + t.radius {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { payload.append(contentsOf: $0) }
        }
        let header = "\(magic)\nkey: \(key.description)\ncount: \(t.rho.count)\nchecksum: \(String(format: "%016llx", FNV1a.hash(payload)))\n\n"
        return Data(header.utf8) + Data(payload)
    }

    static func write(_ t: RadiusTable, key: TableKey, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        try encode(t, key: key).write(to: temp)
        // rename(2) is atomic within one file system: readers see the old file or the new one.
        guard rename(temp.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temp)
            throw NoiseError.tableFailure("rename to \(url.path) failed (errno \(errno))")
        }
    }

    static func read(_ url: URL, expecting key: TableKey) throws -> RadiusTable {
        let data = try Data(contentsOf: url)
        let bytes = [UInt8](data)
        // Header ends at the first blank line.
        guard let end = (0..<max(bytes.count - 1, 0)).first(where: { bytes[$0] == 10 && bytes[$0 + 1] == 10 }) else {
            throw NoiseError.tableFailure("no header")
        }
        guard let header = String(bytes: bytes[0..<end], encoding: .utf8) else { throw NoiseError.tableFailure("header is not UTF-8") }
        let lines = header.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 4, lines[0] == magic else { throw NoiseError.tableFailure("bad magic or header layout") }
        guard lines[1] == "key: \(key.description)" else { throw NoiseError.tableFailure("key mismatch: \(lines[1])") }
        guard lines[2].hasPrefix("count: "), let n = Int(lines[2].dropFirst(7)), n >= 3, n < 10_000_000 else {
            throw NoiseError.tableFailure("bad count line")
        }
        let payload = Array(bytes[(end + 2)...])
        guard payload.count == 16 * n else { throw NoiseError.tableFailure("payload has \(payload.count) bytes, expected \(16 * n)") }
        guard lines[3] == "checksum: \(String(format: "%016llx", FNV1a.hash(payload)))" else {
            throw NoiseError.tableFailure("checksum mismatch")
        }
        var values = [Double](repeating: 0, count: 2 * n)
        for i in 0..<(2 * n) {
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(payload[8 * i + b]) << (8 * UInt64(b)) }
            values[i] = Double(bitPattern: bits)
        }
        return try RadiusTable(rho: Array(values[0..<n]), radius: Array(values[n...]))
    }
}
