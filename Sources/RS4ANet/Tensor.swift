// A dense Float32 tensor in row-major (C-contiguous) order, e.g. N×C×H×W images or N×classes logits.

/// A dense, row-major Float32 tensor. A value type: copies are cheap until mutated.
public struct Tensor: Sendable, Equatable {
    /// The extent of each dimension, outermost first (PyTorch order, e.g. `[N, C, H, W]`).
    public let shape: [Int]
    /// The elements in row-major order; `values.count == shape.reduce(1, *)`.
    public private(set) var values: [Float]

    /// Wraps `values` as a tensor of `shape`.
    /// - Throws: `NetError.invalidParameter` if a dimension is negative or the element count differs.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NetError.invalidParameter(name: "shape", message: "dimensions must be ≥ 0, got \(shape)")
        }
        guard let count = checkedProduct(shape) else {
            throw NetError.invalidParameter(name: "shape", message: "element count of \(shape) overflows Int")
        }
        guard count == values.count else {
            throw NetError.invalidBufferSize(name: "values", expected: count, found: values.count)
        }
        self.shape = shape
        self.values = values
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NetError.invalidParameter(name: "shape", message: "dimensions must be ≥ 0, got \(shape)")
        }
        guard let count = checkedProduct(shape) else {
            throw NetError.invalidParameter(name: "shape", message: "element count of \(shape) overflows Int")
        }
        self.shape = shape
        self.values = [Float](repeating: value, count: count)
    }

    /// The number of elements.
    public var count: Int { values.count }

    /// Mutable access to the elements (the shape is fixed).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try values.withUnsafeMutableBufferPointer(body)
    }
}

/// The product of `dims`, or nil on overflow (user-supplied shapes must not trap).
func checkedProduct(_ dims: [Int]) -> Int? {
    var product = 1
    for d in dims {
        let (p, overflow) = product.multipliedReportingOverflow(by: d)
        if overflow { return nil }
        product = p
    }
    return product
}
