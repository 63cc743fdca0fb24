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
    @Option(help: "Architecture: WideResNet, ResNet, LeNet, AlexNet, MLP, LinearModel, ResNet18…ResNet152 (imagenet).") var model: String = "WideResNet"
    @Option(help: "Dataset: \(DatasetLoader.names.joined(separator: ", ")) (read by RS4AData from --data-dir; imagenet is a folder train/ of class sub-folders, streamed from disk).")
    var dataset: String = "cifar"
    @Option(name: .customLong("model-dataset"), help: "Dataset geometry of the model when --dataset is digits or npz (default: mnist for 1×28×28, cifar for 3×32×32); recorded in args.json.")
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
    @Option(name: .customLong("stop-after-epochs"),
            help: "Stop after this many epochs in total, keeping the resume point (rerun without it to continue).")
    var stopAfterEpochs: Int?

    /// Bad flags: a usage error (exit 64).
    func validate() throws {
        guard !adversarial else {
            throw ValidationError("--adversarial (PGD training of the smoothed classifier) is not implemented in rs4a-cli")
        }
        guard !direct else { throw ValidationError("--direct (likelihood training) is not implemented in rs4a-cli") }
        if let s = stopAfterEpochs, s < 1 { throw ValidationError("--stop-after-epochs must be ≥ 1, got \(s)") }
        do { try options.validate() } catch let error as TrainError { throw ValidationError(error.description) }
    }

    /// Runtime failures (missing data, a refused resume, a corrupt image, …): the message and exit 1.
    func run() throws {
        do { try train() } catch {
            printError("rs4a-cli train: error: \(error)")
            throw ExitCode.failure
        }
    }

    private var options: TrainOptions {
        var o = TrainOptions()
        o.lr = lr; o.batchSize = batchSize; o.numEpochs = numEpochs; o.printEvery = printEvery; o.saveEvery = saveEvery
        o.experimentName = experimentName; o.noise = noise; o.sigma = sigma; o.lambd = lambd
        o.k = k; o.j = j; o.a = a; o.p = p; o.model = model; o.dataset = dataset; o.modelDataset = modelDataset
        o.stability = stability; o.stabilityCleanInput = stabilityCleanInput
        o.outputDir = outputDir ?? ProcessInfo.processInfo.environment["PT_OUTPUT_DIR"] ?? "ckpts"
        o.dataDir = dataDir; o.seed = seed; o.threads = threads; o.resume = !noResume
        return o
    }

    private func train() throws {
        var o = options
        let sources = try TrainingSources(architecture: model, dataset: dataset, modelDataset: modelDataset,
                                          dataDir: URL(fileURLWithPath: dataDir), options: o)
        o.modelDataset = sources.modelDataset
        let trainer = try Trainer(options: o, model: sources.model, examples: sources.examples)
        try trainer.run(stopAfterEpochs: stopAfterEpochs)
        guard trainer.epochsDone == o.numEpochs else {
            print("Stopped after epoch \(trainer.epochsDone) of \(o.numEpochs) (--stop-after-epochs); rerun without it to continue")
            return
        }
        let saved = trainer.directory.appendingPathComponent("model_ckpt.torch").path
        if let data = sources.inMemory {
            print("Saved \(saved); " + String(format: "training accuracy %.4f", Trainer.accuracy(model: sources.model, data: data)))
        } else {
            print("Saved \(saved)")
        }
    }
}
