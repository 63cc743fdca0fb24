import Foundation

// A reader for the .npy files the demo takes: little-endian, C order, float32/float64/int64/int32/uint8.

struct NpyArray {
    let shape: [Int]
    /// Values as Float (integers converted exactly up to 2^24).
    let values: [Float]
}

enum NpyFile {
    static func read(_ path: String) throws -> NpyArray {
        guard let data = FileManager.default.contents(atPath: path) else { throw DemoError("cannot read \(path)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw DemoError("\(path) is not a .npy file")
        }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard bytes.count >= headerStart else { throw DemoError("\(path): truncated header") }
        let headerLength = major == 1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard bytes.count >= headerStart + headerLength,
              let header = String(bytes: bytes[headerStart..<headerStart + headerLength], encoding: .ascii) else {
            throw DemoError("\(path): truncated header")
        }
        guard !header.contains("'fortran_order': True") else { throw DemoError("\(path): Fortran order is not supported") }
        let dtype = try field(header, "descr", path)
        let shapeText = try shapeField(header, path)
        let shape = try shapeText.split(separator: ",").map { part -> Int in
            let t = part.trimmingCharacters(in: .whitespaces)
            guard let v = Int(t), v >= 0 else { throw DemoError("\(path): bad shape (\(shapeText))") }
            return v
        }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= bytes.count else { throw DemoError("\(path): shape (\(shapeText)) does not fit the file") }
            count = product
        }
        let body = headerStart + headerLength
        let size: Int
        switch dtype {
        case "<f4", "<i4": size = 4
        case "<f8", "<i8": size = 8
        case "|u1": size = 1
        default: throw DemoError("\(path): dtype \(dtype) is not supported (float32, float64, int64, int32 or uint8)")
        }
        guard bytes.count - body >= count * size else { throw DemoError("\(path): truncated data") }
        let values: [Float] = bytes.withUnsafeBytes { raw in
            (0..<count).map { i in
                let o = body + i * size
                switch dtype {
                case "<f4": return Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
                case "<f8": return Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))))
                case "<i4": return Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
                case "<i8": return Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
                default: return Float(raw[o])
                }
            }
        }
        return NpyArray(shape: shape, values: values)
    }

    private static func field(_ header: String, _ name: String, _ path: String) throws -> String {
        guard let r = header.range(of: "'\(name)': '") else { throw DemoError("\(path): no \(name) in header") }
        let rest = header[r.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { throw DemoError("\(path): bad \(name) in header") }
        return String(rest[..<end])
    }

    private static func shapeField(_ header: String, _ path: String) throws -> String {
        guard let r = header.range(of: "'shape': ("), let end = header[r.upperBound...].firstIndex(of: ")") else {
            throw DemoError("\(path): no shape in header")
        }
        return String(header[r.upperBound..<end])
    }
}

/// A message for the user; the demo prints it and exits with status 1.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
