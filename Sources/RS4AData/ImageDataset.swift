import Foundation

/// Which part of a dataset to read.
public enum DatasetSplit: String, Sendable, CaseIterable {
    case train
    case test
}

/// Images that can be read one at a time by index: the common shape of in-memory datasets
/// (`ImageDataset`) and lazily decoded ones (`ImageFolderDataset`).
public protocol ImageSource: Sendable {
    /// Number of images.
    var count: Int { get }
    /// Per-image shape [C, H, W].
    var shape: [Int] { get }
    /// Number of classes (labels are in 0..<classes).
    var classes: Int { get }
    /// Label of image `index`.
    func label(at index: Int) throws -> Int
    /// Image `index` as C·H·W Float32 values in [0, 1], channel-major (the test transform for
    /// datasets that have one).
    func image(at index: Int) throws -> [Float]
}

extension ImageSource {
    /// C·H·W.
    public var imageSize: Int { shape.reduce(1, *) }
}

/// A dataset held in memory: N images of shape [C, H, W] with values in [0, 1], row-major
/// N×C×H×W, and one label per image.
public struct ImageDataset: ImageSource, Equatable {
    /// Dataset name ("cifar", "mnist", "fashion", "digits", "npz", …).
    public let name: String
    /// Per-image shape [C, H, W].
    public let shape: [Int]
    /// Number of classes.
    public let classes: Int
    /// N×C×H×W values in [0, 1].
    public private(set) var images: [Float]
    /// N labels in 0..<classes.
    public private(set) var labels: [Int]

    /// A dataset from its parts.
    /// - Throws: `DataError.invalidParameter` when sizes disagree or a label is out of range.
    public init(name: String, shape: [Int], classes: Int, images: [Float], labels: [Int]) throws {
        guard shape.count == 3, shape.allSatisfy({ $0 >= 1 }) else {
            throw DataError.invalidParameter(name: "shape", message: "must be [C, H, W] with every entry ≥ 1, got \(shape)")
        }
        guard classes >= 1 else { throw DataError.invalidParameter(name: "classes", message: "must be ≥ 1, got \(classes)") }
        let size = shape.reduce(1, *)
        guard images.count == labels.count * size else {
            throw DataError.invalidParameter(
                name: "images", message: "\(images.count) values for \(labels.count) labels of \(size) values each")
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
            throw DataError.invalidParameter(name: "labels", message: "labels[\(bad)] = \(labels[bad]) is not in 0..<\(classes)")
        }
        self.name = name
        self.shape = shape
        self.classes = classes
        self.images = images
        self.labels = labels
    }

    /// Number of images.
    public var count: Int { labels.count }

    public func label(at index: Int) throws -> Int {
        try checkIndex(index)
        return labels[index]
    }

    public func image(at index: Int) throws -> [Float] {
        try checkIndex(index)
        return Array(images[index * imageSize ..< (index + 1) * imageSize])
    }

    /// The images at `indices` (in that order) as a new dataset.
    /// - Throws: `DataError.invalidParameter` for an index outside 0..<count.
    public func subset(_ indices: [Int]) throws -> ImageDataset {
        var xs = [Float]()
        xs.reserveCapacity(indices.count * imageSize)
        var ys = [Int]()
        ys.reserveCapacity(indices.count)
        for i in indices {
            try checkIndex(i)
            xs.append(contentsOf: images[i * imageSize ..< (i + 1) * imageSize])
            ys.append(labels[i])
        }
        return try ImageDataset(name: name, shape: shape, classes: classes, images: xs, labels: ys)
    }

    private func checkIndex(_ index: Int) throws {
        guard index >= 0 && index < count else {
            throw DataError.invalidParameter(name: "index", message: "\(index) is not in 0..<\(count)")
        }
    }
}
