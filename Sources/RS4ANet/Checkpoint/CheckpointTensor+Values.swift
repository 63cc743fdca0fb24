import Foundation

// Materialising a checkpoint view as contiguous row-major values. Every byte offset stays
// within the view's checked reach (`TensorLayout`), so no stride or size from a file can make
// the arithmetic overflow or a read leave the storage.

extension CheckpointTensor {
    /// Views may repeat storage elements (stride 0, as `expand` saves them): a tiny file can
    /// then describe a tensor of 2⁴⁰ elements. Such a view is materialised only up to this many
    /// elements (64 MiB of float32); views that do not repeat elements are bounded by the file.
    public static let maxRepeatedElements = 1 << 24

    /// Values as Float32, contiguous row-major: storage offset, strides and views resolved.
    /// Float16/bfloat16 widen exactly; float64 rounds to nearest; integer dtypes convert
    /// (rounding above 2²⁴); bool gives 0 or 1.
    /// - Throws: `CheckpointError.unsupported` for a view that repeats its storage beyond
    ///   `maxRepeatedElements` elements.
    public func floatValues() throws -> [Float] {
        switch dtype {
        case .float32: return try gather { raw, byte in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt32.self))) }
        case .float16: return try gather { raw, byte in HalfPrecision.floatFromFloat16Bits(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt16.self))) }
        case .bfloat16: return try gather { raw, byte in HalfPrecision.floatFromBFloat16Bits(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt16.self))) }
        case .float64: return try gather { raw, byte in Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt64.self)))) }
        default: return try int64Values().map { Float($0) }
        }
    }

    /// Values as Int64 (integer and bool dtypes; floats throw `CheckpointError.wrongDType`),
    /// contiguous row-major.
    /// - Throws: also `CheckpointError.unsupported` as `floatValues()`.
    public func int64Values() throws -> [Int64] {
        switch dtype {
        case .int64: return try gather { raw, byte in Int64(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: Int64.self)) }
        case .int32: return try gather { raw, byte in Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: Int32.self))) }
        case .int16: return try gather { raw, byte in Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: Int16.self))) }
        case .int8: return try gather { raw, byte in Int64(raw.load(fromByteOffset: byte, as: Int8.self)) }
        case .uint8: return try gather { raw, byte in Int64(raw.load(fromByteOffset: byte, as: UInt8.self)) }
        case .bool: return try gather { raw, byte in raw.load(fromByteOffset: byte, as: UInt8.self) != 0 ? 1 : 0 }
        case .float32, .float16, .bfloat16, .float64:
            throw CheckpointError.wrongDType("int64Values() of a \(dtype.rawValue) tensor; use floatValues()")
        }
    }

    /// The tensor's bytes in its own dtype, contiguous row-major (for the writer).
    /// - Throws: `CheckpointError.unsupported` as `floatValues()`.
    func contiguousBytes() throws -> Data {
        let size = dtype.elementSize
        if count == 0 { return Data() }
        if isContiguous {
            let start = storage.startIndex + storageOffset * size
            return Data(storage[start ..< start + count * size])
        }
        // Gather raw bit patterns of the element width; they stay little-endian as stored.
        func raw<T>(_: T.Type) throws -> Data {
            let values: [T] = try gather { bytes, byte in bytes.loadUnaligned(fromByteOffset: byte, as: T.self) }
            return values.withUnsafeBytes { Data($0) }
        }
        switch size {
        case 1: return try raw(UInt8.self)
        case 2: return try raw(UInt16.self)
        case 4: return try raw(UInt32.self)
        default: return try raw(UInt64.self)
        }
    }

    /// True when the elements are laid out row-major without gaps.
    var isContiguous: Bool {
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected &*= shape[i]
        }
        return true
    }

    /// Visits the elements in row-major order and converts each from its byte offset.
    ///
    /// Offsets: `TensorLayout` guarantees storageOffset + Σ (size − 1)·stride < storage elements,
    /// so every offset below is at most that sum times the element size, less than `storage.count`.
    @inline(__always)
    private func gather<T>(_ convert: (UnsafeRawBufferPointer, Int) -> T) throws -> [T] {
        let n = count
        if n == 0 { return [] }
        let size = dtype.elementSize
        let storageElements = storage.count / size
        guard n <= storageElements || n <= Self.maxRepeatedElements else {
            throw CheckpointError.unsupported(
                "a view of shape \(shape) (strides \(strides)) repeats its storage of \(storageElements) elements "
                + "\(n / Swift.max(storageElements, 1))-fold; materialising more than \(Self.maxRepeatedElements) "
                + "elements from such a view is refused (it would need \(n) × \(size) bytes)")
        }
        return storage.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [T] in
            [T](unsafeUninitializedCapacity: n) { out, initialized in
                let rank = shape.count
                if rank == 0 || isContiguous {
                    let base = storageOffset * size
                    for i in 0 ..< n { out.initializeElement(at: i, to: convert(raw, base + i * size)) }
                    initialized = n
                    return
                }
                // Odometer over all but the last dimension; the last runs in the inner loop.
                let innerCount = shape[rank - 1]
                let innerStride = strides[rank - 1] * size
                var counter = [Int](repeating: 0, count: rank)
                var base = storageOffset * size
                var written = 0
                while written < n {
                    for i in 0 ..< innerCount {
                        out.initializeElement(at: written, to: convert(raw, base + i * innerStride))
                        written += 1
                    }
                    // Advance the outer counters; the offset never passes the view's last element.
                    var d = rank - 2
                    while d >= 0 {
                        if counter[d] + 1 < shape[d] {
                            counter[d] += 1
                            base += strides[d] * size
                            break
                        }
                        base -= strides[d] * size * counter[d]
                        counter[d] = 0
                        d -= 1
                    }
                    if d < 0 { break }
                }
                initialized = written
            }
        }
    }
}
