import Foundation
import ZIPFoundation

/// Whole-entry reads of a zip archive (ZIPFoundation handles stored and deflated entries).
struct ZIPArchiveReader {
    private let archive: Archive
    private let path: String

    init(url: URL) throws {
        archive = try Archive(url: url, accessMode: .read)
        path = url.path
    }

    /// (name, content) of every file entry, in archive order.
    func entries() throws -> [(String, Data)] {
        var out = [(String, Data)]()
        for entry in archive where entry.type == .file {
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in data.append(chunk) }
            } catch {
                throw DataError.malformed(file: path, message: "cannot extract \(entry.path): \(error)")
            }
            out.append((entry.path, data))
        }
        return out
    }
}
