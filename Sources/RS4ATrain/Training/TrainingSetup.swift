import Foundation
import RS4ANet

/// Resolves `--model`/`--dataset` into a fresh model and its training data.
public enum TrainingSetup {
    /// The model for an architecture name and dataset; "digits" (1×16×16, 10 classes) takes
    /// LeNet, MLP and LinearModel; the reference datasets go through `ModelRegistry`.
    public static func model(name: String, dataset: String, seed: UInt64) throws -> TrainableModel {
        guard dataset == "digits" else { return try TrainableModel(name: name, dataset: dataset, seed: seed) }
        let architecture: Architecture
        switch name {
        case "LeNet": architecture = .leNet
        case "MLP": architecture = .mlp(MLPConfig())
        case "LinearModel": architecture = .linear
        default:
            throw TrainError.invalidParameter(name: "model", message: "digits (16×16) takes LeNet, MLP or LinearModel, got \"\(name)\"")
        }
        return try TrainableModel(architecture: architecture, dataset: TrainingData.digitsInfo, seed: seed)
    }

    /// The training split: digits from `<dataDir>/digits_images.npy` + `digits_labels.npy`; a
    /// reference dataset from `<dataDir>/<dataset>/train_x.npy` + `train_y.npy` (N×C×H×W).
    public static func trainingData(dataset: String, dataDir: String, info: DatasetInfo) throws -> TrainingData {
        let dir = URL(fileURLWithPath: dataDir)
        if dataset == "digits" { return try TrainingData.digits(directory: dir) }
        return try TrainingData.npy(info: info, directory: dir.appendingPathComponent(dataset), split: "train")
    }
}
