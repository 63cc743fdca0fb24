import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file replacement that a kill (or power loss) cannot tear: the bytes go to
/// `<name>.partial`, are flushed to disk, and the file is renamed over `<name>` (rename is atomic
/// on POSIX file systems), then the folder is flushed so the rename itself persists.
enum DurableFile {
    /// Suffix of the temporary file a write in progress uses.
    static let partialSuffix = ".partial"

    /// Replaces `url` with `data`.
    /// - Throws: `TrainError.io` naming the file.
    static func write(_ data: Data, to url: URL) throws {
        let partial = URL(fileURLWithPath: url.path + partialSuffix)
        do {
            guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw TrainError.io("cannot write \(partial.path): \(error.localizedDescription)")
        }
        guard rename(partial.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: partial)
            throw TrainError.io("cannot rename \(partial.path) to \(url.lastPathComponent): \(reason)")
        }
        syncDirectory(url.deletingLastPathComponent())
    }

    /// Flushes a folder's entries (best effort: some file systems do not support it).
    private static func syncDirectory(_ dir: URL) {
        let fd = open(dir.path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }
}
