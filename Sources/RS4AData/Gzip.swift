import CRS4AImageIO
import Foundation

/// gzip decompression through zlib.
enum Gzip {
    /// True when `data` starts with the gzip magic bytes 1f 8b.
    static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The inflated content of a gzip file's bytes.
    static func inflate(_ data: Data, file: String) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var outLen = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = data.withUnsafeBytes { raw in
            crs4a_gunzip(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &out, &outLen, &err, err.count)
        }
        guard rc == 0, let out else {
            throw DataError.malformed(file: file, message: String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { crs4a_free(out) }
        return Data(bytes: out, count: outLen)
    }

    /// The file's bytes, inflated when the file is gzip-compressed.
    static func readMaybeCompressed(_ url: URL) throws -> Data {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw DataError.io("cannot read \(url.path): \(error.localizedDescription)") }
        return isGzip(data) ? try inflate(data, file: url.path) : data
    }
}
