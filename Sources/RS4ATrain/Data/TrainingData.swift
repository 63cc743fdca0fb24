import Foundation
import RS4ANet

/// An in-memory labelled image set: N×C×H×W pixels in [0, 1] and labels in 0..<classes.
public struct TrainingData: Sendable {
    /// Input geometry, classes and normalisation of the model trained on it.
    public let info: DatasetInfo
    /// N·C·H·W pixels, row-major.
    public let images: [Float]
    /// N labels.
    public let labels: [Int]

    /// Validates sizes and label range.
    /// - Throws: `TrainError.invalidParameter` naming the mismatch.
    public init(info: DatasetInfo, images: [Float], labels: [Int]) throws {
        let d = info.inputShape.reduce(1, *)
        guard !labels.isEmpty, images.count == labels.count * d else {
            throw TrainError.invalidParameter(name: "images", message: "\(images.count) values for \(labels.count) labels of \(info.inputShape)")
        }
        guard labels.allSatisfy({ $0 >= 0 && $0 < info.classes }) else {
            throw TrainError.invalidParameter(name: "labels", message: "must lie in 0..<\(info.classes)")
        }
        self.info = info
        self.images = images
        self.labels = labels
    }

    /// Number of examples.
    public var count: Int { labels.count }

    /// A compact test set: the scikit-learn digits (1797 8×8 images, values 0…16) scaled to
    /// [0, 1] and upsampled ×2 (nearest) to 1×16×16 so LeNet fits cheaply; normalisation mean/std
    /// are the set's own. (`rs4a-cli train --dataset digits` reads RS4AData's 1×28×28 digits instead.)
    public static let digits16Info: DatasetInfo = {
        // Statistics of the 16×16 pixels in [0, 1] (scripts: mean 0.30526, std 0.37605).
        guard let info = try? DatasetInfo(name: "digits", inputShape: [1, 16, 16], classes: 10, mean: [0.30526], std: [0.37605])
        else { preconditionFailure("static digits description is valid") }
        return info
    }()

    /// Reads `digits_images.npy` (uint8 N×1×8×8, 0…16) and `digits_labels.npy` from `directory`.
    public static func digits16(directory: URL) throws -> TrainingData {
        let x = try NPYFile.read(directory.appendingPathComponent("digits_images.npy"))
        let y = try NPYFile.read(directory.appendingPathComponent("digits_labels.npy"))
        guard x.shape.count == 4, x.shape[1] == 1, x.shape[2] == 8, x.shape[3] == 8, y.shape == [x.shape[0]] else {
            throw TrainError.io("digits arrays have shapes \(x.shape), \(y.shape); want N×1×8×8 and N")
        }
        let n = x.shape[0]
        var images = [Float](repeating: 0, count: n * 256)
        for i in 0..<n { for r in 0..<16 { for c in 0..<16 {
            images[i * 256 + r * 16 + c] = Float(x.values[i * 64 + (r / 2) * 8 + c / 2] / 16)
        } } }
        return try TrainingData(info: digits16Info, images: images, labels: y.values.map { Int($0) })
    }

    /// The first `count` examples (or all).
    public func prefix(_ count: Int) throws -> TrainingData {
        let n = min(count, self.count), d = info.inputShape.reduce(1, *)
        return try TrainingData(info: info, images: Array(images[0..<(n * d)]), labels: Array(labels[0..<n]))
    }

    /// Examples `range`.
    public func slice(_ range: Range<Int>) throws -> TrainingData {
        let d = info.inputShape.reduce(1, *)
        return try TrainingData(info: info, images: Array(images[(range.lowerBound * d)..<(range.upperBound * d)]),
                                labels: Array(labels[range]))
    }
}
