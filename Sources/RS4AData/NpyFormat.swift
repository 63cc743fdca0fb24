import Foundation

/// Reading and writing NumPy .npy bytes (format versions 1.0, 2.0 and 3.0).
public enum NpyFormat {
    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Parses .npy bytes. `file` names the source in error messages.
    /// - Throws: `DataError.malformed` for anything that is not a C-order numeric .npy array.
    public static func parse(_ data: Data, file: String) throws -> NpyArray {
        let d = Data(data)  // re-base indices at 0
        guard d.count >= 10, Array(d.prefix(6)) == magic else {
            throw DataError.malformed(file: file, message: "not a .npy file (missing \\x93NUMPY magic)")
        }
        let major = d[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(d[8]) | Int(d[9]) << 8
            headerStart = 10
        case 2, 3:
            guard d.count >= 12 else { throw DataError.malformed(file: file, message: "truncated .npy header") }
            headerLength = Int(d[8]) | Int(d[9]) << 8 | Int(d[10]) << 16 | Int(d[11]) << 24
            headerStart = 12
        default:
            throw DataError.malformed(file: file, message: "unsupported .npy format version \(major)")
        }
        guard d.count >= headerStart + headerLength else { throw DataError.malformed(file: file, message: "truncated .npy header") }
        let header = String(decoding: d[headerStart ..< headerStart + headerLength], as: UTF8.self)
        guard let descr = value(of: "descr", in: header), let order = value(of: "fortran_order", in: header),
              let shapeText = value(of: "shape", in: header) else {
            throw DataError.malformed(file: file, message: "cannot read the .npy header dictionary: \(header)")
        }
        guard order == "False" else {
            throw DataError.malformed(file: file, message: "Fortran-order arrays are not supported; save with np.ascontiguousarray")
        }
        let descrText = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        guard let first = descrText.first, "<>|=".contains(first), let dtype = NpyArray.DType(rawValue: String(descrText.dropFirst())) else {
            throw DataError.malformed(file: file, message: "unsupported dtype \(descrText) (need a numeric dtype such as <f4, <f8, |u1, <i8)")
        }
        let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var shape = [Int]()
        for t in dims {
            guard let v = Int(t), v >= 0 else { throw DataError.malformed(file: file, message: "bad shape \(shapeText)") }
            shape.append(v)
        }
        var count = 1
        for s in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: s)
            guard !overflow else { throw DataError.malformed(file: file, message: "shape \(shape) is too large") }
            count = p
        }
        let start = headerStart + headerLength
        guard count <= (d.count - start) / dtype.size else {
            throw DataError.malformed(file: file, message: "truncated data: shape \(shape) of \(descrText) needs \(count) elements of \(dtype.size) bytes, found \(d.count - start) bytes")
        }
        let needed = count * dtype.size
        guard d.count - start >= needed else {
            throw DataError.malformed(file: file, message: "truncated data: shape \(shape) of \(descrText) needs \(needed) bytes, found \(d.count - start)")
        }
        var payload = d.subdata(in: start ..< start + needed)
        if first == ">" && dtype.size > 1 {  // byte-swap big-endian elements
            payload.withUnsafeMutableBytes { raw in
                for i in stride(from: 0, to: needed, by: dtype.size) {
                    for k in 0 ..< dtype.size / 2 { raw.swapAt(i + k, i + dtype.size - 1 - k) }
                }
            }
        }
        return NpyArray(dtype: dtype, shape: shape, bytes: payload)
    }

    /// Reads a .npy file.
    /// - Throws: `DataError.missingFiles` when absent, `.malformed` when not a numeric array.
    public static func read(_ url: URL) throws -> NpyArray {
        guard FileManager.default.fileExists(atPath: url.path) else { throw DataError.missingFiles("missing file \(url.path)") }
        do { return try parse(try Data(contentsOf: url), file: url.path) } catch let e as DataError { throw e } catch {
            throw DataError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// The .npy (version 1.0) bytes of an array.
    public static func encode(_ array: NpyArray) -> Data {
        let shapeText = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        let prefix = array.dtype.size == 1 ? "|" : "<"
        var header = "{'descr': '\(prefix)\(array.dtype.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so that the data starts on a multiple of 64 bytes, ending with a newline.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var d = Data(magic)
        d.append(contentsOf: [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        d.append(contentsOf: Array(header.utf8))
        d.append(array.bytes)
        return d
    }

    /// Writes an array as a .npy file atomically (a temporary file renamed into place).
    /// - Throws: `DataError.io` on failure.
    public static func write(_ array: NpyArray, to url: URL) throws {
        do { try encode(array).write(to: url, options: .atomic) } catch {
            throw DataError.io("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// The text of `key`'s value in a Python dict literal (string, bool or tuple).
    private static func value(of key: String, in header: String) -> String? {
        for quote in ["'", "\""] {
            guard let r = header.range(of: quote + key + quote) else { continue }
            var rest = header[r.upperBound...].drop { $0 == " " || $0 == ":" }
            if rest.first == "(" {
                guard let close = rest.firstIndex(of: ")") else { return nil }
                return String(rest[...close])
            }
            if rest.first == "'" || rest.first == "\"" {
                let q = rest.removeFirst()
                guard let close = rest.firstIndex(of: q) else { return nil }
                return String(rest[..<close])
            }
            let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
            return rest[..<end].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

/// Reading NumPy .npz archives (np.savez and np.savez_compressed).
public enum NpzFormat {
    /// Every array of an .npz file by name (without the .npy suffix).
    /// - Throws: `DataError.missingFiles` when absent, `.malformed` for a bad archive or member.
    public static func read(_ url: URL) throws -> [String: NpyArray] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw DataError.missingFiles("missing file \(url.path)") }
        let archive: ZIPArchiveReader
        do { archive = try ZIPArchiveReader(url: url) } catch {
            throw DataError.malformed(file: url.path, message: "not a readable .npz (zip) archive: \(error)")
        }
        var out = [String: NpyArray]()
        for (name, data) in try archive.entries() where name.hasSuffix(".npy") {
            out[String(name.dropLast(4))] = try NpyFormat.parse(data, file: "\(url.path)[\(name)]")
        }
        return out
    }
}
