import ArgumentParser
import Foundation
import RS4AData
import RS4ATrain

/// `rs4a-cli train`: the reference's `python3 -m src.train` with the same flags.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a base classifier with noise augmentation (or stability training) and save it to <output-dir>/<experiment-name>/.")

    @Option(help: "Accepted for compatibility with the reference; training runs on the CPU.") var device: String = "cpu"
    @Option(help: "Initial learning rate (cosine-annealed per epoch).") var lr: Double = 0.1
    @Option(name: .customLong("batch-size"), help: "Mini-batch size.") var batchSize: Int = 64
    @Option(name: .customLong("num-workers"), help: "Accepted for compatibility; use --threads.") var numWorkers: Int?
    @Option(name: .customLong("num-epochs"), help: "Epochs (also the cosine period).") var numEpochs: Int = 120
    @Option(name: .customLong("print-every"), help: "Log (and record) the mean loss every this many iterations.") var printEvery: Int = 20
    @Option(name: .customLong("save-every"), help: "Save <epoch>/model_ckpt.torch every this many epochs.") var saveEvery: Int = 50
    @Option(name: .customLong("experiment-name"), help: "Sub-directory of --output-dir.") var experimentName: String = "cifar"
    @Option(help: "Noise name (Clean, Gaussian, Laplace, Uniform, ExpInf, …).") var noise: String = "Clean"
    @Option(help: "Noise scale σ.") var sigma: Double?
    @Option(help: "Noise scale λ (instead of σ).") var lambd: Double?
    @Option(help: "Noise shape parameter k.") var k: Double?
    @Option(help: "Noise shape parameter j.") var j: Double?
    @Option(help: "Noise shape parameter a.") var a: Double?
    @Option(help: "Noise shape parameter p.") var p: Double?
    @Option(help: "Reference flag of adversarial training; not supported (see --adversarial).") var adv: Int = 2
    @Option(help: "Reference flag of adversarial training; not supported.") var eps: Double = 0
    @Option(help: "Architecture: WideResNet, ResNet, LeNet, AlexNet, MLP, LinearModel.") var model: String = "WideResNet"
    @Option(help: "Dataset: \(DatasetLoader.names.filter { $0 != "imagenet" }.joined(separator: ", ")) (read by RS4AData from --data-dir).")
    var dataset: String = "cifar"
    @Option(name: .customLong("model-dataset"), help: "Dataset geometry of the model when --dataset is digits or npz (default: mnist for 1×28×28, cifar for 3×32×32).")
    var modelDataset: String?
    @Flag(help: "Stability training: CE + 6·KL between two noisy predictions (the reference's code).") var stability = false
    @Flag(name: .customLong("stability-clean-input"),
          help: "With --stability: CE and KL on the clean input against one noisy copy instead.") var stabilityCleanInput = false
    @Flag(help: "Adversarial training (the reference's PGD on the smoothed classifier): not implemented.") var adversarial = false
    @Flag(help: "The reference's direct likelihood training: not implemented.") var direct = false
    @Option(name: .customLong("output-dir"), help: "Root of the experiment directories (default $PT_OUTPUT_DIR, else ckpts).")
    var outputDir: String?
    @Option(name: .customLong("data-dir"), help: "Where datasets are read from.") var dataDir: String = "data"
    @Option(help: "Seed of initialisation, shuffling, augmentation, dropout and noise.") var seed: UInt64 = 0
    @Option(help: "Worker threads.") var threads: Int = 2
    @Flag(name: .customLong("no-resume"), help: "Start afresh even if a resume point exists.") var noResume = false

    func run() throws {
        guard !adversarial else {
            throw ValidationError("--adversarial (PGD training of the smoothed classifier) is not implemented in rs4a-cli")
        }
        guard !direct else { throw ValidationError("--direct (likelihood training) is not implemented in rs4a-cli") }
        var o = TrainOptions()
        o.lr = lr; o.batchSize = batchSize; o.numEpochs = numEpochs; o.printEvery = printEvery; o.saveEvery = saveEvery
        o.experimentName = experimentName; o.noise = noise; o.sigma = sigma; o.lambd = lambd
        o.k = k; o.j = j; o.a = a; o.p = p; o.model = model; o.dataset = dataset; o.stability = stability
        o.stabilityCleanInput = stabilityCleanInput
        o.outputDir = outputDir ?? ProcessInfo.processInfo.environment["PT_OUTPUT_DIR"] ?? "ckpts"; o.dataDir = dataDir; o.seed = seed; o.threads = threads; o.resume = !noResume
        do {
            try o.validate()
            guard dataset.lowercased() != "imagenet" else {
                throw ValidationError("training on imagenet is not supported (the trainer keeps the training set in memory)")
            }
            let images = try DatasetLoader.load(name: dataset, split: .train, dataDir: URL(fileURLWithPath: dataDir))
            let geometry = try modelDataset ?? TestRunner.modelDataset(for: dataset, shape: images.shape)
            let net = try TrainableModel(name: model, dataset: geometry, seed: seed)
            guard net.dataset.inputShape == images.shape, images.classes <= net.dataset.classes else {
                throw ValidationError("model \(model)/\(geometry) takes \(net.dataset.inputShape) inputs and \(net.dataset.classes) classes; "
                                      + "\(dataset) has \(images.shape) images and \(images.classes) classes")
            }
            let data = try TrainingData(info: net.dataset, images: images.images, labels: images.labels)
            let trainer = try Trainer(options: o, model: net, data: data)
            try trainer.run()
            print("Saved \(trainer.directory.appendingPathComponent("model_ckpt.torch").path); "
                  + String(format: "training accuracy %.4f", Trainer.accuracy(model: net, data: data)))
        } catch let error as TrainError {
            throw ValidationError(error.description)
        }
    }
}
