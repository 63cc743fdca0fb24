import Foundation

/// A numeric array read from (or written to) NumPy's .npy format (version 1–3), kept as the
/// raw little-endian elements of its dtype with conversions to Swift arrays.
public struct NpyArray: Sendable, Equatable {
    /// Element types the reader understands (NumPy dtype descriptors without byte order).
    public enum DType: String, Sendable, Equatable {
        case bool = "b1", uint8 = "u1", int8 = "i1", uint16 = "u2", int16 = "i2", uint32 = "u4", int32 = "i4"
        case uint64 = "u8", int64 = "i8", float32 = "f4", float64 = "f8"

        /// Bytes per element.
        public var size: Int { Int(rawValue.dropFirst())! }
        var isFloat: Bool { self == .float32 || self == .float64 }
    }

    /// Element type.
    public let dtype: DType
    /// Shape (C order); `[]` for a scalar.
    public let shape: [Int]
    /// Elements in C order, each `dtype.size` bytes, little-endian.
    let bytes: Data

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// An array of Float64 values.
    public init(float64 values: [Double], shape: [Int]? = nil) {
        dtype = .float64
        self.shape = shape ?? [values.count]
        var d = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        bytes = d
    }

    /// An array of Float32 values.
    public init(float32 values: [Float], shape: [Int]? = nil) {
        dtype = .float32
        self.shape = shape ?? [values.count]
        var d = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        bytes = d
    }

    /// An array of Int64 values.
    public init(int64 values: [Int], shape: [Int]? = nil) {
        dtype = .int64
        self.shape = shape ?? [values.count]
        var d = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: Int64(v).littleEndian) { d.append(contentsOf: $0) } }
        bytes = d
    }

    init(dtype: DType, shape: [Int], bytes: Data) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Element `i` (C order) as a Double (integers converted exactly up to 2⁵³).
    @inline(__always)
    func element(_ raw: UnsafeRawBufferPointer, _ i: Int) -> Double {
        let o = i * dtype.size
        switch dtype {
        case .bool, .uint8: return Double(raw[o])
        case .int8: return Double(Int8(bitPattern: raw[o]))
        case .uint16: return Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
        case .int16: return Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int16.self)))
        case .uint32: return Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
        case .int32: return Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
        case .uint64: return Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
        case .int64: return Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
        case .float32:
            return Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
        case .float64: return Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
        }
    }

    /// All elements as Double.
    public func doubles() -> [Double] {
        bytes.withUnsafeBytes { raw in (0..<count).map { element(raw, $0) } }
    }

    /// All elements as Float.
    public func floats() -> [Float] {
        bytes.withUnsafeBytes { raw in (0..<count).map { Float(element(raw, $0)) } }
    }

    /// All elements as Int.
    /// - Throws: `DataError.malformed` for a floating-point element that is not an integer.
    public func ints(file: String = "array") throws -> [Int] {
        try bytes.withUnsafeBytes { raw in
            try (0..<count).map { i in
                let v = element(raw, i)
                guard v.isFinite, v.rounded() == v, abs(v) < 9.2e18 else {
                    throw DataError.malformed(file: file, message: "element \(i) = \(v) is not an integer label")
                }
                return Int(v)
            }
        }
    }
}
