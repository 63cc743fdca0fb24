// Models by name: the reference wrapper's class name plus a dataset name, as the C ABI and the
// Python package construct them ("ResNet"/"cifar" → ResNet-110, "ResNet"/"imagenet" → ResNet-50, …).

/// The (architecture name, dataset name) pairs the reference system defines, mapped to an
/// `Architecture` and the `DatasetInfo` (input shape, classes, normalisation) it is built for.
public enum ModelRegistry {
    /// 3-channel 32×32 datasets.
    private static let smallColour = ["cifar", "svhn", "ds-imagenet", "cifar10selftrained"]
    private static let greyscale = ["mnist", "fashion"]
    private static let allDatasets = DatasetInfo.all.map(\.name)

    /// Architecture names with the datasets each accepts, in a stable order.
    /// "ResNet18" … "ResNet152" are the other torchvision depths (ImageNet only).
    public static let supported: [(architecture: String, datasets: [String])] = [
        ("ResNet", ["imagenet"] + smallColour),
        ("WideResNet", smallColour),
        ("LeNet", greyscale + smallColour),
        ("AlexNet", smallColour),
        ("MLP", allDatasets),
        ("LinearModel", allDatasets),
        ("ResNet18", ["imagenet"]), ("ResNet34", ["imagenet"]), ("ResNet50", ["imagenet"]),
        ("ResNet101", ["imagenet"]), ("ResNet152", ["imagenet"]),
    ]

    /// Every known pair spelled "Architecture/dataset".
    public static var knownModels: [String] {
        supported.flatMap { entry in entry.datasets.map { "\(entry.architecture)/\($0)" } }
    }

    /// The reference architecture and dataset description for a name pair.
    ///
    /// Classes follow the reference: 1000 for ImageNet variants, else 10 — except the CIFAR
    /// ResNet-110, which the reference always builds with 10 classes.
    /// - Throws: `NetError.unknownModel` listing every known pair.
    public static func resolve(architecture name: String, dataset datasetName: String) throws -> (Architecture, DatasetInfo) {
        guard supported.contains(where: { $0.architecture == name && $0.datasets.contains(datasetName) }) else {
            throw NetError.unknownModel(architecture: name, dataset: datasetName, known: knownModels)
        }
        var dataset = try DatasetInfo.named(datasetName)
        let architecture: Architecture
        switch name {
        case "ResNet" where datasetName == "imagenet", "ResNet50": architecture = .imageNetResNet(.resnet50)
        case "ResNet": architecture = .cifarResNet(CIFARResNetConfig()); dataset = try dataset.withClasses(10)
        case "ResNet18": architecture = .imageNetResNet(.resnet18)
        case "ResNet34": architecture = .imageNetResNet(.resnet34)
        case "ResNet101": architecture = .imageNetResNet(.resnet101)
        case "ResNet152": architecture = .imageNetResNet(.resnet152)
        case "WideResNet": architecture = .wideResNet(WideResNetConfig())
        case "LeNet": architecture = .leNet
        case "AlexNet": architecture = .alexNet(AlexNetConfig())
        case "MLP": architecture = .mlp(MLPConfig())
        default: architecture = .linear
        }
        return (architecture, dataset)
    }

    /// A reference model with random weights (for benchmarks and smoke tests).
    public static func makeRandom(architecture name: String, dataset: String, seed: UInt64 = 0, threads: Int = 1) throws -> Network {
        let (arch, data) = try resolve(architecture: name, dataset: dataset)
        return try Network(architecture: arch, dataset: data, randomSeed: seed, threads: threads)
    }
}
