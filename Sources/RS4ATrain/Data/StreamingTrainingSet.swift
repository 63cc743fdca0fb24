import RS4ANet
import RS4ANumerics

/// A training set too large for memory (an ImageNet-style folder): only the labels are kept, and
/// each mini-batch is decoded and transformed when it is needed, its rows in parallel. Memory is
/// one batch of pixels plus what `decode` holds for one image per thread.
public struct StreamingTrainingSet: TrainingSet {
    /// Decodes example `index` with the training transform, drawing any randomness from
    /// `source`; returns C·H·W values in [0, 1].
    public typealias Decoder = @Sendable (_ index: Int, _ source: inout RandomSource) throws -> [Float]

    public let info: DatasetInfo
    /// Label of every example.
    public let labels: [Int]
    private let decode: Decoder

    /// - Throws: `TrainError.invalidParameter` when there are no labels or one is outside
    ///   0..<info.classes.
    public init(info: DatasetInfo, labels: [Int], decode: @escaping Decoder) throws {
        guard !labels.isEmpty else { throw TrainError.invalidParameter(name: "labels", message: "the training set is empty") }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= info.classes }) {
            throw TrainError.invalidParameter(name: "labels", message: "label \(labels[bad]) of example \(bad) is not in 0..<\(info.classes)")
        }
        self.info = info
        self.labels = labels
        self.decode = decode
    }

    public var count: Int { labels.count }
    public func label(at index: Int) -> Int { labels[index] }

    /// Row r draws from `stream.substream(r)`, so the batch does not depend on `threads` or on
    /// the order the rows are decoded in.
    /// - Throws: the first error of `decode` (e.g. a corrupt image), or `TrainError.io` when an
    ///   image has the wrong size.
    public func batch(_ indices: [Int], stream: RandomStream, threads: Int) throws -> [Float] {
        let d = info.inputShape.reduce(1, *)
        var x = [Float](repeating: 0, count: indices.count * d)
        let failure = FirstError()
        let decode = self.decode, shape = info.inputShape
        x.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let base = out.baseAddress!
            Parallel.forEachChunk(count: indices.count, threads: threads) { rows in
                for r in rows {
                    do {
                        var source = stream.substream(UInt64(r)).makeSource()
                        let image = try decode(indices[r], &source)
                        guard image.count == d else {
                            throw TrainError.io("example \(indices[r]) decoded to \(image.count) values; the model takes \(shape)")
                        }
                        image.withUnsafeBufferPointer { (base + r * d).update(from: $0.baseAddress!, count: d) }
                    } catch {
                        failure.record(error)
                        return
                    }
                }
            }
        }
        if let error = failure.error { throw error }
        return x
    }
}
