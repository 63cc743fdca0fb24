import Foundation
import RS4AData
import RS4ATrain

/// The model and training set of `rs4a-cli train`: in-memory datasets are read whole (with the
/// reference's augmentation); an ImageNet-style folder is streamed, each batch decoded from disk
/// with the train transform (random-resized-crop + horizontal flip).
struct TrainingSources {
    let model: TrainableModel
    let examples: any TrainingSet
    /// The whole set when it is in memory (for the final training accuracy), else nil.
    let inMemory: TrainingData?
    /// The model's dataset geometry (recorded as `model_dataset` in args.json).
    let modelDataset: String

    /// Reads (or indexes) `dataset` from `dataDir` and builds `architecture` for it.
    /// - Throws: `DataError` for missing or malformed files, `WorkflowError.incompatible` when the
    ///   model does not take the dataset's images, `NetError`/`TrainError` for unknown models.
    init(architecture: String, dataset: String, modelDataset: String?, dataDir: URL, options: TrainOptions) throws {
        if dataset.lowercased() == "imagenet" {
            let source = try DatasetLoader.source(name: dataset, split: .train, dataDir: dataDir)
            guard let folder = source as? ImageFolderDataset else {
                throw WorkflowError.incompatible("imagenet training needs an image folder; \(dataDir.path) gave \(type(of: source))")
            }
            let geometry = try modelDataset ?? TestRunner.modelDataset(for: dataset, shape: folder.shape)
            let model = try Self.model(architecture, geometry, seed: options.seed, dataset: dataset, shape: folder.shape, classes: folder.classes)
            examples = try StreamingTrainingSet(info: model.dataset, labels: folder.fileLabels) { index, source in
                try folder.trainImage(at: index, using: &source)
            }
            self.model = model
            self.modelDataset = geometry
            inMemory = nil
        } else {
            let images = try DatasetLoader.load(name: dataset, split: .train, dataDir: dataDir)
            let geometry = try modelDataset ?? TestRunner.modelDataset(for: dataset, shape: images.shape)
            let model = try Self.model(architecture, geometry, seed: options.seed, dataset: dataset, shape: images.shape, classes: images.classes)
            let data = try TrainingData(info: model.dataset, images: images.images, labels: images.labels)
            examples = AugmentedTrainingData(data, augmentation: Augmentation.reference(dataset: options.dataset))
            self.model = model
            self.modelDataset = geometry
            inMemory = data
        }
    }

    private static func model(_ architecture: String, _ geometry: String, seed: UInt64, dataset: String, shape: [Int], classes: Int) throws -> TrainableModel {
        let net = try TrainableModel(name: architecture, dataset: geometry, seed: seed)
        guard net.dataset.inputShape == shape, classes <= net.dataset.classes else {
            throw WorkflowError.incompatible(
                "model \(architecture)/\(geometry) takes \(net.dataset.inputShape) inputs and \(net.dataset.classes) classes; "
                    + "\(dataset) has \(shape) images and \(classes) classes (choose another --model or --model-dataset)")
        }
        return net
    }
}
