import Foundation
import RS4AData

/// An append-only CSV of per-image results: the crash-safe record that lets an interrupted
/// `rs4a-cli test` resume. Each row is written whole and flushed to disk before the next image
/// starts; a row cut short by a kill is dropped (and the file truncated to the last full row)
/// on reopening. Values are printed with 17 significant digits, so they read back exactly.
final class ResultLog {
    let url: URL
    let columns: [String]
    /// Rows already on disk, by their first column (the position in the test subset).
    private(set) var rows: [Int: [Double]] = [:]
    private let handle: FileHandle

    /// Opens (or creates) the log at `url` with `columns` (the first must be "index").
    /// - Throws: `WorkflowError` if an existing file has other columns.
    init(url: URL, columns: [String]) throws {
        self.url = url
        self.columns = columns
        let header = columns.joined(separator: ",")
        let fm = FileManager.default
        let existing = fm.fileExists(atPath: url.path) ? try Data(contentsOf: url) : nil
        if let data = existing, !data.isEmpty {
            let text = String(decoding: data, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.first == header else {
                throw WorkflowError.incompatible("\(url.path) has columns \(lines.first ?? "(none)"); expected \(header). "
                    + "It was written by another run; remove it or choose another --experiment-name")
            }
            // Everything after the last newline is a partial row of a killed run.
            // The last element is "" after a final newline, else a torn row: never a complete row.
            let complete = lines.count - 1
            var goodBytes = header.utf8.count + 1
            for line in lines[1..<complete] {
                let fields = line.split(separator: ",").map { Double($0) }
                guard fields.count == columns.count, fields.allSatisfy({ $0 != nil }), let i = fields[0],
                      i >= 0, i < 1e15, i == i.rounded() else { break }
                rows[Int(i)] = fields.map { $0! }
                goodBytes += line.utf8.count + 1
            }
            lines.removeAll()
            if goodBytes < data.count {  // drop the torn tail so appends start on a fresh line
                let h = try FileHandle(forWritingTo: url)
                try h.truncate(atOffset: UInt64(goodBytes))
                try h.close()
            }
        } else {
            try Data((header + "\n").utf8).write(to: url, options: .atomic)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Appends one row and forces it to disk.
    func append(_ values: [Double]) throws {
        precondition(values.count == columns.count, "row width")  // internal invariant, not user input
        let cells = values.map(Self.format)
        try handle.write(contentsOf: Data((cells.joined(separator: ",") + "\n").utf8))
        try handle.synchronize()
        // Keep what a resumed run will read back (e.g. −0 is written as 0), so results never
        // depend on whether the run was interrupted.
        rows[Int(values[0])] = cells.map { Double($0)! }
    }

    /// Shortest text that reads back to the same Double ("inf", "nan" for non-finite values).
    static func format(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    /// Reads a complete log (no appending), e.g. a shard's, returning rows by index.
    static func read(_ url: URL, columns: [String]) throws -> [Int: [Double]] {
        let log = try ResultLog(url: url, columns: columns)
        return log.rows
    }
}
