// The datasets of the reference system: input shape, number of classes and the default
// normalisation statistics (overridden by a checkpoint's norm.mu / norm.log_sig).

/// Input geometry and normalisation defaults of a dataset.
public struct DatasetInfo: Sendable, Equatable {
    /// The reference's dataset name ("cifar", "imagenet", "mnist", …).
    public let name: String
    /// Per-image input shape [C, H, W].
    public var inputShape: [Int]
    /// Number of classes the reference uses for this dataset (1000 for ImageNet variants, else 10).
    public var classes: Int
    /// Per-channel mean of the normalisation layer.
    public let mean: [Float]
    /// Per-channel standard deviation of the normalisation layer (log_sig = log(std)).
    public let std: [Float]

    /// A dataset description; `mean` and `std` must have one entry per input channel.
    /// - Throws: `NetError.invalidParameter` for non-positive sizes or mismatched statistics.
    public init(name: String, inputShape: [Int], classes: Int, mean: [Float], std: [Float]) throws {
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 >= 1 }) else {
            throw NetError.invalidParameter(name: "inputShape", message: "must be [C, H, W] with all ≥ 1, got \(inputShape)")
        }
        guard let pixels = checkedProduct(inputShape), pixels <= 1 << 31 else {
            throw NetError.invalidParameter(name: "inputShape", message: "\(inputShape) has more than 2³¹ elements per image")
        }
        guard classes >= 1 else {
            throw NetError.invalidParameter(name: "classes", message: "must be ≥ 1, got \(classes)")
        }
        guard mean.count == inputShape[0], std.count == inputShape[0] else {
            throw NetError.invalidParameter(
                name: "mean/std", message: "need \(inputShape[0]) entries each, got \(mean.count) and \(std.count)")
        }
        guard std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw NetError.invalidParameter(name: "std", message: "entries must be finite and > 0, got \(std)")
        }
        self.name = name
        self.inputShape = inputShape
        self.classes = classes
        self.mean = mean
        self.std = std
    }

    private init(_ name: String, _ shape: [Int], _ classes: Int, _ mean: [Float], _ std: [Float]) {
        self.name = name
        self.inputShape = shape
        self.classes = classes
        self.mean = mean
        self.std = std
    }

    /// CIFAR-10: 3×32×32, 10 classes.
    public static let cifar = DatasetInfo(
        "cifar", [3, 32, 32], 10, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010])
    /// CIFAR-10 with self-trained pseudo-labels (CIFAR statistics): 3×32×32, 10 classes.
    public static let cifar10SelfTrained = DatasetInfo(
        "cifar10selftrained", [3, 32, 32], 10, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010])
    /// ImageNet: 3×224×224, 1000 classes.
    public static let imagenet = DatasetInfo(
        "imagenet", [3, 224, 224], 1000, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    /// Downsampled ImageNet: 3×32×32, 1000 classes, ImageNet statistics.
    public static let dsImagenet = DatasetInfo(
        "ds-imagenet", [3, 32, 32], 1000, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    /// SVHN: 3×32×32, 10 classes.
    public static let svhn = DatasetInfo(
        "svhn", [3, 32, 32], 10, [0.436, 0.442, 0.471], [0.197, 0.200, 0.196])
    /// MNIST: 1×28×28, 10 classes.
    public static let mnist = DatasetInfo("mnist", [1, 28, 28], 10, [0.1307], [0.3081])
    /// Fashion-MNIST: 1×28×28, 10 classes.
    public static let fashion = DatasetInfo("fashion", [1, 28, 28], 10, [0.2849], [0.3516])

    /// Every dataset the reference defines, in a stable order.
    public static let all: [DatasetInfo] = [cifar, imagenet, dsImagenet, svhn, mnist, fashion, cifar10SelfTrained]

    /// The dataset called `name`.
    /// - Throws: `NetError.invalidParameter` listing the known names.
    public static func named(_ name: String) throws -> DatasetInfo {
        guard let d = all.first(where: { $0.name == name }) else {
            throw NetError.invalidParameter(
                name: "dataset", message: "unknown dataset \"\(name)\"; known: \(all.map(\.name).joined(separator: ", "))")
        }
        return d
    }

    /// A copy with another image size (e.g. reduced test fixtures).
    public func withImageSize(height: Int, width: Int) throws -> DatasetInfo {
        try DatasetInfo(name: name, inputShape: [inputShape[0], height, width], classes: classes, mean: mean, std: std)
    }

    /// A copy with another number of classes.
    public func withClasses(_ classes: Int) throws -> DatasetInfo {
        try DatasetInfo(name: name, inputShape: inputShape, classes: classes, mean: mean, std: std)
    }
}
