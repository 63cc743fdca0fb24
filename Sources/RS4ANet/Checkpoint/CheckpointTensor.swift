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
    /// Element count and strides (normalised: see `TensorLayout`), checked against `storage`.
    let layout: TensorLayout

    /// Element count (product of shape; 1 for a scalar).
    public var count: Int { layout.count }

    /// Strides in elements, one per dimension (0 for dimensions of size ≤ 1).
    var strides: [Int] { layout.strides }

    /// The largest rank accepted from a file (torch itself caps at 64).
    static let maxRank = TensorLayout.maxRank

    /// Validates that every element the view reaches lies inside `storage` (see `TensorLayout`).
    init(shape: [Int], strides: [Int], storageOffset: Int, storage: Data,
         dtype: CheckpointDType, context: String) throws {
        layout = try TensorLayout(shape: shape, strides: strides, storageOffset: storageOffset,
                                  storageElements: storage.count / dtype.elementSize, context: context)
        self.shape = shape
        self.storageOffset = storageOffset
        self.storage = storage
        self.dtype = dtype
    }

    /// A contiguous float32 tensor, e.g. for `CheckpointWriter`.
    /// - Throws: `CheckpointError.invalidArgument` when `floats.count` is not the product of `shape`.
    public init(shape: [Int], floats: [Float]) throws {
        try Self.checkCount(shape: shape, count: floats.count)
        let data = Self.littleEndianBytes(floats)
        try self.init(shape: shape, strides: TensorLayout.contiguousStrides(shape, context: "tensor"), storageOffset: 0,
                      storage: data, dtype: .float32, context: "tensor")
    }

    /// A contiguous int64 tensor (e.g. BatchNorm's `num_batches_tracked`, shape `[]`).
    /// - Throws: `CheckpointError.invalidArgument` when `int64s.count` is not the product of `shape`.
    public init(shape: [Int], int64s: [Int64]) throws {
        try Self.checkCount(shape: shape, count: int64s.count)
        let data = Self.littleEndianBytes(int64s)
        try self.init(shape: shape, strides: TensorLayout.contiguousStrides(shape, context: "tensor"), storageOffset: 0,
                      storage: data, dtype: .int64, context: "tensor")
    }

    /// The values' bytes in little-endian order (the checkpoint formats' order) in one copy —
    /// appending value by value costs about a second per ResNet-18 state dict.
    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        #if _endian(little)
        return values.withUnsafeBytes { Data($0) }
        #else
        return values.map(\.littleEndian).withUnsafeBytes { Data($0) }
        #endif
    }

    /// The floats' IEEE 754 bit patterns in little-endian order (no intermediate copy where the
    /// machine is little-endian).
    private static func littleEndianBytes(_ floats: [Float]) -> Data {
        #if _endian(little)
        return floats.withUnsafeBytes { Data($0) }
        #else
        return littleEndianBytes(floats.map(\.bitPattern))
        #endif
    }

    private static func checkCount(shape: [Int], count: Int) throws {
        guard shape.count <= maxRank, shape.allSatisfy({ $0 >= 0 }) else {
            throw CheckpointError.invalidArgument("shape \(shape) must have at most \(maxRank) non-negative sizes")
        }
        guard let product = try? TensorLayout.elementCount(shape, context: "tensor") else {
            throw CheckpointError.invalidArgument("shape \(shape) overflows")
        }
        guard product == count else {
            throw CheckpointError.invalidArgument("shape \(shape) needs \(product) values, got \(count)")
        }
    }
}
