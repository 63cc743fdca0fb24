import Foundation

/// One tensor read from a checkpoint: its shape, dtype and a view onto the raw
/// little-endian storage bytes it lives in (possibly shared with other tensors).
///
/// The storage offset and strides of the file are kept, so views (transposes,
/// slices) cost nothing at load time; `floatValues()` / `int64Values()` return
/// contiguous row-major copies.
public struct CheckpointTensor: Sendable {
    /// Sizes of the dimensions (empty for a scalar).
    public let shape: [Int]
    /// Element type as stored in the file.
    public let dtype: CheckpointDType
    /// Raw little-endian bytes of the whole storage (a `Data` slice shares memory).
    let storage: Data
    /// Offset of element [0, …, 0] in the storage, in elements.
    let storageOffset: Int
    /// Strides in elements, one per dimension.
    let strides: [Int]
    private let elementCount: Int

    /// Element count (product of shape; 1 for a scalar).
    public var count: Int { elementCount }

    /// The largest rank accepted from a file (torch itself caps at 64).
    static let maxRank = 64

    /// Validates that every element the view reaches lies inside `storage`.
    init(shape: [Int], strides: [Int], storageOffset: Int, storage: Data,
         dtype: CheckpointDType, context: String) throws {
        guard shape.count <= Self.maxRank else {
            throw CheckpointError.inconsistent("\(context): rank \(shape.count) exceeds \(Self.maxRank)")
        }
        guard strides.count == shape.count else {
            throw CheckpointError.inconsistent(
                "\(context): \(strides.count) strides for \(shape.count) dimensions")
        }
        guard storageOffset >= 0 else {
            throw CheckpointError.inconsistent("\(context): negative storage offset \(storageOffset)")
        }
        var count = 1
        var lastIndex = storageOffset
        for (size, stride) in zip(shape, strides) {
            guard size >= 0, stride >= 0 else {
                throw CheckpointError.inconsistent(
                    "\(context): negative size or stride in shape \(shape), strides \(strides)")
            }
            let (c, o1) = count.multipliedReportingOverflow(by: size)
            guard !o1 else { throw CheckpointError.inconsistent("\(context): element count of \(shape) overflows") }
            count = c
            if size > 0 {
                let (reach, o2) = (size - 1).multipliedReportingOverflow(by: stride)
                let (sum, o3) = lastIndex.addingReportingOverflow(reach)
                guard !o2, !o3 else {
                    throw CheckpointError.inconsistent("\(context): strides \(strides) overflow")
                }
                lastIndex = sum
            }
        }
        let storageElements = storage.count / dtype.elementSize
        if count > 0 && lastIndex >= storageElements {
            throw CheckpointError.inconsistent(
                "\(context): view (shape \(shape), strides \(strides), offset \(storageOffset)) reaches element "
                + "\(lastIndex) of a \(dtype.rawValue) storage holding \(storageElements) elements")
        }
        self.shape = shape
        self.strides = strides
        self.storageOffset = storageOffset
        self.storage = storage
        self.dtype = dtype
        self.elementCount = count
    }

    /// A contiguous float32 tensor, e.g. for `CheckpointWriter`.
    /// - Throws: `CheckpointError.invalidArgument` when `floats.count` is not the product of `shape`.
    public init(shape: [Int], floats: [Float]) throws {
        try Self.checkCount(shape: shape, count: floats.count)
        var data = Data(capacity: floats.count * 4)
        for v in floats { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try self.init(shape: shape, strides: Self.contiguousStrides(shape), storageOffset: 0,
                      storage: data, dtype: .float32, context: "tensor")
    }

    /// A contiguous int64 tensor (e.g. BatchNorm's `num_batches_tracked`, shape `[]`).
    /// - Throws: `CheckpointError.invalidArgument` when `int64s.count` is not the product of `shape`.
    public init(shape: [Int], int64s: [Int64]) throws {
        try Self.checkCount(shape: shape, count: int64s.count)
        var data = Data(capacity: int64s.count * 8)
        for v in int64s { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        try self.init(shape: shape, strides: Self.contiguousStrides(shape), storageOffset: 0,
                      storage: data, dtype: .int64, context: "tensor")
    }

    private static func checkCount(shape: [Int], count: Int) throws {
        guard shape.count <= maxRank, shape.allSatisfy({ $0 >= 0 }) else {
            throw CheckpointError.invalidArgument("shape \(shape) must have at most \(maxRank) non-negative sizes")
        }
        var product = 1
        for s in shape {
            let (p, o) = product.multipliedReportingOverflow(by: s)
            guard !o else { throw CheckpointError.invalidArgument("shape \(shape) overflows") }
            product = p
        }
        guard product == count else {
            throw CheckpointError.invalidArgument("shape \(shape) needs \(product) values, got \(count)")
        }
    }

    /// Row-major strides of a contiguous tensor of this shape.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = running
            running = running &* Swift.max(shape[i], 1)
        }
        return strides
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

    /// Values as Float32, contiguous row-major: storage offset, strides and views resolved.
    /// Float16/bfloat16 widen exactly; float64 rounds to nearest; integer dtypes convert
    /// (rounding above 2²⁴); bool gives 0 or 1.
    public func floatValues() throws -> [Float] {
        switch dtype {
        case .float32: return gather { raw, byte in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt32.self))) }
        case .float16: return gather { raw, byte in HalfPrecision.floatFromFloat16Bits(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt16.self))) }
        case .bfloat16: return gather { raw, byte in HalfPrecision.floatFromBFloat16Bits(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt16.self))) }
        case .float64: return gather { raw, byte in Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt64.self)))) }
        default: return try int64Values().map { Float($0) }
        }
    }

    /// Values as Int64 (integer and bool dtypes; floats throw `CheckpointError.wrongDType`),
    /// contiguous row-major.
    public func int64Values() throws -> [Int64] {
        switch dtype {
        case .int64: return gather { raw, byte in Int64(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: Int64.self)) }
        case .int32: return gather { raw, byte in Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: Int32.self))) }
        case .int16: return gather { raw, byte in Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: Int16.self))) }
        case .int8: return gather { raw, byte in Int64(raw.load(fromByteOffset: byte, as: Int8.self)) }
        case .uint8: return gather { raw, byte in Int64(raw.load(fromByteOffset: byte, as: UInt8.self)) }
        case .bool: return gather { raw, byte in raw.load(fromByteOffset: byte, as: UInt8.self) != 0 ? 1 : 0 }
        case .float32, .float16, .bfloat16, .float64:
            throw CheckpointError.wrongDType("int64Values() of a \(dtype.rawValue) tensor; use floatValues()")
        }
    }

    /// The tensor's bytes in its own dtype, contiguous row-major (for the writer).
    func contiguousBytes() -> Data {
        let size = dtype.elementSize
        if elementCount == 0 { return Data() }
        if isContiguous {
            let start = storage.startIndex + storageOffset * size
            return Data(storage[start ..< start + elementCount * size])
        }
        // Gather raw bit patterns of the element width; they stay little-endian as stored.
        func raw<T>(_: T.Type) -> Data {
            let values: [T] = gather { bytes, byte in bytes.loadUnaligned(fromByteOffset: byte, as: T.self) }
            return values.withUnsafeBytes { Data($0) }
        }
        switch size {
        case 1: return raw(UInt8.self)
        case 2: return raw(UInt16.self)
        case 4: return raw(UInt32.self)
        default: return raw(UInt64.self)
        }
    }

    /// Visits the elements in row-major order and converts each from its byte offset.
    @inline(__always)
    private func gather<T>(_ convert: (UnsafeRawBufferPointer, Int) -> T) -> [T] {
        let n = elementCount
        if n == 0 { return [] }
        let size = dtype.elementSize
        return storage.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [T] in
            [T](unsafeUninitializedCapacity: n) { out, initialized in
                let rank = shape.count
                if rank == 0 || isContiguous {
                    var byte = storageOffset * size
                    for i in 0 ..< n {
                        out.initializeElement(at: i, to: convert(raw, byte))
                        byte += size
                    }
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
                    var byte = base
                    for _ in 0 ..< innerCount {
                        out.initializeElement(at: written, to: convert(raw, byte))
                        written += 1
                        byte += innerStride
                    }
                    // Advance the outer counters.
                    var d = rank - 2
                    while d >= 0 {
                        counter[d] += 1
                        base += strides[d] * size
                        if counter[d] < shape[d] { break }
                        base -= strides[d] * size * shape[d]
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
