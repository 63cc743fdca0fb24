import ArgumentParser
import Foundation
import RS4A
import RS4AData

/// `rs4a-cli test`: the seed's src/test.py. For every test image: the hard smoothed prediction
/// from --sample-size-pred draws, then certify_prob_lb with --sample-size-cert fresh draws at
/// α = 0.001, then the ℓ1, ℓ2, ℓ∞ radii; then the smoothed accuracy on the training set.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Certify every test image of a trained model (the seed's `python3 -m src.test`).",
        discussion: """
            Results go to <output-dir>/<experiment-name>/: preds.npy, labels.npy, prob_lb.npy, preds_nll.npy, \
            radius_l1.npy, radius_l2.npy, radius_linf.npy, acc_train.npy, results.csv and test_args.json. \
            Every image's row is flushed to results.csv as soon as it is done: rerunning the same command \
            after an interruption continues where it stopped. A rerun continues only the same experiment: \
            the checkpoint is identified by its SHA-256 (recorded in test_args.json), so results of a retrained \
            or replaced model are never mixed with older ones (the rerun is refused). With --shard i/n, machine i of n certifies \
            every n-th image into results_shard<i>of<n>.csv; when the shard files are gathered in one \
            folder, `rs4a-cli merge` (or the last shard to finish, or `analyze`) merges them.
            """)

    @Option(help: "Draws for the hard smoothed prediction.") var sampleSizePred = 64
    @Option(help: "Fresh draws for the lower confidence bound.") var sampleSizeCert = 100_000
    @Option(help: "Noisy copies per forward pass.") var noiseBatchSize = 512
    @Option(help: "Noise name (e.g. UniformNoise, GaussianNoise, LaplaceNoise, ExpInfNoise).") var noise = "Clean"
    @Option(help: "Noise σ (per-coordinate RMS).") var sigma = 0.0
    @Option(help: "Noise scale λ (instead of --sigma).") var lambd: Double?
    @Option(help: "Shape parameter k.") var k: Double?
    @Option(help: "Shape parameter j.") var j: Double?
    @Option(help: "Shape parameter a.") var a: Double?
    @Option(help: "Shape parameter p (Expp).") var p: Double?
    @Option(help: "Certify every n-th test image.") var datasetSkip = 1
    @Option(help: "Experiment folder name under --output-dir.") var experimentName = "cifar"
    @Option(help: "Dataset: \(DatasetLoader.names.joined(separator: ", ")).") var dataset = "cifar"
    @Option(help: "Where the dataset files are.") var dataDir = "data"
    @Option(help: "Architecture (WideResNet, ResNet, LeNet, AlexNet, MLP, LinearModel, …).") var model = "WideResNet"
    @Option(help: "Dataset geometry of the model when --dataset is digits or npz (default: mnist for 1×28×28, cifar for 3×32×32).")
    var modelDataset: String?
    @Option(help: "Experiments folder (default $PT_OUTPUT_DIR, else ckpts).") var outputDir: String?
    @Option(help: "Checkpoint to load instead of <output-dir>/<experiment-name>/model_ckpt.torch.") var savePath: String?
    @Option(help: "Random seed of all draws.") var seed: UInt64 = 0
    @Option(help: "Confidence level α of the lower bound.") var alpha = 0.001
    @Option(help: "Worker threads (default: RS4A_NUM_THREADS or the active cores).") var threads: Int?
    @Option(help: "This machine's share of the test set, i/n with 1 ≤ i ≤ n.") var shard: String?
    @Option(help: "Stop after certifying this many new images (rerun to continue).") var maxImages: Int?
    @Option(help: "Use every n-th training image for the smoothed training accuracy.") var trainDatasetSkip = 1
    @Flag(help: "Skip the smoothed training-accuracy pass (acc_train.npy).") var noTrainAccuracy = false
    @Option(help: "Accepted for the seed's commands; computation always runs on the CPU.") var device = "cpu"
    @Option(help: "Accepted for the seed's commands and ignored: images are certified one at a time, with the same results for any batch size.")
    var batchSize: Int?
    @Option(help: "Accepted for the seed's commands and ignored: use --threads.") var numWorkers: Int?
    @Flag(help: "The seed's rotation of test inputs: not implemented (refused, as it would change the results).") var rotate = false

    func validate() throws {
        guard !rotate else { throw ValidationError("--rotate (rotating the test inputs before smoothing) is not implemented in rs4a-cli") }
        for (name, v) in [("--sample-size-pred", sampleSizePred), ("--sample-size-cert", sampleSizeCert),
                          ("--noise-batch-size", noiseBatchSize), ("--dataset-skip", datasetSkip), ("--train-dataset-skip", trainDatasetSkip)]
        where v < 1 {
            throw ValidationError("\(name) must be ≥ 1, got \(v)")
        }
        if let m = maxImages, m < 0 { throw ValidationError("--max-images must be ≥ 0, got \(m)") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be ≥ 1, got \(t)") }
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be in (0, 1), got \(alpha)") }
        if let s = shard { _ = try Shard(parsing: s) }
    }

    func run() throws {
        do { try TestRunner(self).run() } catch {
            printError("rs4a-cli test: error: \(error)")
            throw ExitCode.failure
        }
    }
}
