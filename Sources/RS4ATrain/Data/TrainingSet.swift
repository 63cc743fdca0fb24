import RS4ANet
import RS4ANumerics

/// The examples a `Trainer` draws mini-batches from: held in memory (`AugmentedTrainingData`) or
/// decoded from disk batch by batch (`StreamingTrainingSet`).
public protocol TrainingSet: Sendable {
    /// Input geometry, classes and normalisation of the model trained on it.
    var info: DatasetInfo { get }
    /// Number of examples.
    var count: Int { get }
    /// Label of example `index` (in 0..<info.classes).
    func label(at index: Int) -> Int
    /// The examples `indices` after the set's training transform: N×C×H×W pixels in [0, 1].
    /// Every random choice comes from `stream`, so equal streams give equal batches whatever
    /// `threads` is.
    func batch(_ indices: [Int], stream: RandomStream, threads: Int) throws -> [Float]
}

/// An in-memory set with the reference's augmentation for its dataset (`Augmentation`).
public struct AugmentedTrainingData: TrainingSet {
    public let data: TrainingData
    public let augmentation: Augmentation

    public init(_ data: TrainingData, augmentation: Augmentation) {
        self.data = data
        self.augmentation = augmentation
    }

    public var info: DatasetInfo { data.info }
    public var count: Int { data.count }
    public func label(at index: Int) -> Int { data.labels[index] }

    /// Gathers the rows, then augments them in order from one source of `stream`.
    public func batch(_ indices: [Int], stream: RandomStream, threads: Int) throws -> [Float] {
        let shape = data.info.inputShape, d = shape.reduce(1, *)
        var x = [Float](repeating: 0, count: indices.count * d)
        x.withUnsafeMutableBufferPointer { out in
            data.images.withUnsafeBufferPointer { images in
                for (r, i) in indices.enumerated() {
                    (out.baseAddress! + r * d).update(from: images.baseAddress! + i * d, count: d)
                }
            }
            guard !augmentation.isIdentity else { return }
            var source = stream.makeSource()
            for r in indices.indices {
                augmentation.apply(UnsafeMutableBufferPointer(rebasing: out[(r * d)..<((r + 1) * d)]), shape: shape, source: &source)
            }
        }
        return x
    }
}
