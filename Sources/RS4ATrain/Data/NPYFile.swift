import Foundation

/// Minimal reader/writer of NumPy .npy files (format 1.0/2.0, little-endian, C order):
/// enough for image/label arrays (uint8, int64, float32, float64) and the loss log.
public enum NPYFile {
    /// A decoded array: its shape and values converted to Double.
    public struct Contents: Sendable {
        public let shape: [Int]
        public let values: [Double]
    }

    /// Reads `url`.
    /// - Throws: `TrainError.io` for unreadable files, Fortran order or unsupported dtypes.
    public static func read(_ url: URL) throws -> Contents {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw TrainError.io("cannot read \(url.path): \(error.localizedDescription)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, String(bytes: bytes[1..<6], encoding: .ascii) == "NUMPY" else {
            throw TrainError.io("\(url.path) is not a .npy file")
        }
        let major = bytes[6]
        let headerLength: Int, start: Int
        if major == 1 { headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; start = 10 } else {
            guard bytes.count >= 12 else { throw TrainError.io("\(url.path): truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24; start = 12
        }
        guard start + headerLength <= bytes.count,
              let header = String(bytes: bytes[start..<(start + headerLength)], encoding: .ascii) else {
            throw TrainError.io("\(url.path): truncated header")
        }
        guard !header.contains("'fortran_order': True") else { throw TrainError.io("\(url.path): Fortran order is not supported") }
        guard let descr = field(header, "descr"), let shapeText = header.range(of: "'shape': (") else {
            throw TrainError.io("\(url.path): header lacks descr/shape")
        }
        let rest = header[shapeText.upperBound...]
        let inner = rest[..<(rest.firstIndex(of: ")") ?? rest.endIndex)]
        let shape = inner.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let body = start + headerLength
        let width: Int
        switch descr {
        case "|u1", "<u1": width = 1
        case "<i8", "<f8": width = 8
        case "<f4", "<i4": width = 4
        default: throw TrainError.io("\(url.path): dtype \(descr) not supported (uint8, int32, int64, float32, float64)")
        }
        guard bytes.count >= body + count * width else { throw TrainError.io("\(url.path): data shorter than shape \(shape)") }
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let o = body + i * width
                switch descr {
                case "|u1", "<u1": values[i] = Double(raw[o])
                case "<i8": values[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
                case "<i4": values[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
                case "<f4": values[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
                default: values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
                }
            }
        }
        return Contents(shape: shape, values: values)
    }

    /// Writes a 1-D float64 array (what `np.save(path, np.array(list_of_floats))` produces).
    public static func writeFloat64(_ values: [Double], to url: URL) throws {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(values.count),), }"
        while (10 + header.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let prefix: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.count & 0xff), UInt8(header.count >> 8)]
        var data = Data(prefix)
        data.append(contentsOf: [UInt8](header.utf8))
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        do { try data.write(to: url, options: .atomic) } catch { throw TrainError.io("cannot write \(url.path): \(error.localizedDescription)") }
    }

    private static func field(_ header: String, _ name: String) -> String? {
        guard let r = header.range(of: "'\(name)': '") else { return nil }
        let rest = header[r.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }
}
