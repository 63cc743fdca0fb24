/// The checked layout of a strided view: element count and strides, validated so that every
/// element index the view reaches — and every byte offset computed from it — fits in its storage.
///
/// Files are hostile until checked, and PyTorch itself accepts some layouts whose naive
/// arithmetic overflows: a dimension of size 1 may carry any stride (`as_strided((2, 1, 3),
/// (50, 2⁶², 2))` saves and loads fine), because its index is always 0. Such strides are
/// normalised to 0 here, as are all strides of an empty tensor, so that later offset
/// arithmetic never multiplies a stride that does not move the view.
struct TensorLayout: Equatable {
    /// Product of the shape (1 for a scalar).
    let count: Int
    /// Strides in elements; 0 for every dimension of size ≤ 1 and for every dimension of an
    /// empty tensor. For the others, `(size − 1) · stride` is below the storage's element count.
    let strides: [Int]

    /// The largest rank accepted from a file (torch itself caps at 64).
    static let maxRank = 64

    /// Validates `shape`/`strides`/`storageOffset` against a storage of `storageElements` elements.
    /// - Throws: `CheckpointError.inconsistent` naming `context` for ranks over 64, negative sizes
    ///   or strides, overflowing counts or offsets, and views that reach past the storage.
    init(shape: [Int], strides: [Int], storageOffset: Int, storageElements: Int, context: String) throws {
        guard shape.count <= Self.maxRank else {
            throw CheckpointError.inconsistent("\(context): rank \(shape.count) exceeds \(Self.maxRank)")
        }
        guard strides.count == shape.count else {
            throw CheckpointError.inconsistent("\(context): \(strides.count) strides for \(shape.count) dimensions")
        }
        guard storageOffset >= 0 else {
            throw CheckpointError.inconsistent("\(context): negative storage offset \(storageOffset)")
        }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else {
            throw CheckpointError.inconsistent("\(context): negative size or stride in shape \(shape), strides \(strides)")
        }
        count = try Self.elementCount(shape, context: context)
        guard count > 0 else {
            // An empty view reaches nothing; torch does not check its offset or strides either.
            self.strides = [Int](repeating: 0, count: shape.count)
            return
        }
        var normalised = strides
        var last = storageOffset
        for d in shape.indices {
            guard shape[d] > 1 else { normalised[d] = 0; continue }
            let (reach, o1) = (shape[d] - 1).multipliedReportingOverflow(by: strides[d])
            let (sum, o2) = last.addingReportingOverflow(reach)
            guard !o1, !o2 else {
                throw CheckpointError.inconsistent("\(context): strides \(strides) of shape \(shape) overflow")
            }
            last = sum
        }
        guard last < storageElements else {
            throw CheckpointError.inconsistent(
                "\(context): view (shape \(shape), strides \(strides), offset \(storageOffset)) reaches element "
                + "\(last) of a storage holding \(storageElements) elements")
        }
        self.strides = normalised
    }

    /// The product of `shape` (0 when any size is 0, however large the others: torch allows that).
    /// - Throws: `CheckpointError.inconsistent` when it overflows `Int`.
    static func elementCount(_ shape: [Int], context: String) throws -> Int {
        if shape.contains(0) { return 0 }
        var count = 1
        for size in shape {
            let (c, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw CheckpointError.inconsistent("\(context): element count of \(shape) overflows") }
            count = c
        }
        return count
    }

    /// Row-major strides of a contiguous tensor of `shape` (sizes of 0 count as 1, as in torch).
    /// - Throws: `CheckpointError.inconsistent` when a stride overflows `Int` (torch refuses such
    ///   shapes too: "Stride calculation overflowed"); only possible for empty tensors.
    static func contiguousStrides(_ shape: [Int], context: String) throws -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = running
            let (next, overflow) = running.multipliedReportingOverflow(by: Swift.max(shape[i], 1))
            // The outermost stride is never multiplied further, so only inner overflows matter.
            guard !overflow || i == 0 else {
                throw CheckpointError.inconsistent("\(context): contiguous strides of shape \(shape) overflow")
            }
            running = next
        }
        return strides
    }
}
