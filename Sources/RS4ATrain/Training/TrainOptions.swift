/// The reference's `src/train.py` arguments (same names, same defaults) plus ours
/// (`modelDataset`, `seed`, `threads`, `dataDir`, `resume`). Written to `args.json`.
public struct TrainOptions: Codable, Sendable, Equatable {
    public var lr: Double = 0.1
    public var batchSize: Int = 64
    public var numEpochs: Int = 120
    public var printEvery: Int = 20
    public var saveEvery: Int = 50
    public var experimentName: String = "cifar"
    public var noise: String = "Clean"
    public var sigma: Double?
    public var lambd: Double?
    public var k: Double?
    public var j: Double?
    public var a: Double?
    public var p: Double?
    public var model: String = "WideResNet"
    public var dataset: String = "cifar"
    /// The model's dataset geometry when it differs from `dataset` (e.g. "mnist" for the digits);
    /// nil means `dataset` itself.
    public var modelDataset: String?
    public var stability: Bool = false
    /// With `stability`: cross-entropy and the KL's first argument on the clean input instead of a
    /// second noisy copy (the wording; the reference's code uses two noisy copies).
    public var stabilityCleanInput: Bool = false
    /// Where `<experiment-name>/` is created (the reference's `--output-dir`).
    public var outputDir: String = "ckpts"
    /// Where datasets are read from.
    public var dataDir: String = "data"
    /// Seed of initialisation, shuffling, augmentation, dropout and noise.
    public var seed: UInt64 = 0
    /// Worker threads.
    public var threads: Int = 2
    /// Continue from `<experiment>/resume.json` when present.
    public var resume: Bool = true

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case lr, batchSize, numEpochs, printEvery, saveEvery, experimentName, noise, sigma, lambd, k, j, a, p
        case model, dataset, modelDataset, stability, stabilityCleanInput, outputDir, dataDir, seed, threads, resume
    }

    /// Decodes tolerantly: a missing key keeps its default (files written by older versions load).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func get<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { try c.decodeIfPresent(T.self, forKey: key) ?? fallback }
        lr = try get(.lr, lr); batchSize = try get(.batchSize, batchSize); numEpochs = try get(.numEpochs, numEpochs)
        printEvery = try get(.printEvery, printEvery); saveEvery = try get(.saveEvery, saveEvery)
        experimentName = try get(.experimentName, experimentName); noise = try get(.noise, noise)
        sigma = try c.decodeIfPresent(Double.self, forKey: .sigma); lambd = try c.decodeIfPresent(Double.self, forKey: .lambd)
        k = try c.decodeIfPresent(Double.self, forKey: .k); j = try c.decodeIfPresent(Double.self, forKey: .j)
        a = try c.decodeIfPresent(Double.self, forKey: .a); p = try c.decodeIfPresent(Double.self, forKey: .p)
        model = try get(.model, model); dataset = try get(.dataset, dataset)
        modelDataset = try c.decodeIfPresent(String.self, forKey: .modelDataset); stability = try get(.stability, stability)
        stabilityCleanInput = try get(.stabilityCleanInput, stabilityCleanInput)
        outputDir = try get(.outputDir, outputDir); dataDir = try get(.dataDir, dataDir); seed = try get(.seed, seed)
        threads = try get(.threads, threads); resume = try get(.resume, resume)
    }

    /// Checks ranges.
    /// - Throws: `TrainError.invalidParameter` naming the option.
    public func validate() throws {
        guard lr > 0, lr.isFinite else { throw TrainError.invalidParameter(name: "lr", message: "must be finite and > 0, got \(lr)") }
        guard batchSize >= 1 else { throw TrainError.invalidParameter(name: "batch-size", message: "must be ≥ 1, got \(batchSize)") }
        guard numEpochs >= 1 else { throw TrainError.invalidParameter(name: "num-epochs", message: "must be ≥ 1, got \(numEpochs)") }
        guard printEvery >= 1 else { throw TrainError.invalidParameter(name: "print-every", message: "must be ≥ 1, got \(printEvery)") }
        guard saveEvery >= 1 else { throw TrainError.invalidParameter(name: "save-every", message: "must be ≥ 1, got \(saveEvery)") }
        guard threads >= 1, threads <= 256 else { throw TrainError.invalidParameter(name: "threads", message: "must be in 1…256, got \(threads)") }
        guard !experimentName.isEmpty, !experimentName.contains("/"), experimentName != ".", experimentName != ".." else {
            throw TrainError.invalidParameter(name: "experiment-name", message: "must be a non-empty name without '/', got \"\(experimentName)\"")
        }
    }

    /// The options that decide what is trained, as (flag, value): a run may only be resumed with
    /// equal values. Logging and saving periods, directories and threads may differ.
    var trainingDefining: [(flag: String, value: String)] {
        func text(_ v: Double?) -> String { v.map { "\($0)" } ?? "(none)" }
        return [
            ("lr", "\(lr)"), ("batch-size", "\(batchSize)"), ("num-epochs", "\(numEpochs)"), ("noise", noise),
            ("sigma", text(sigma)), ("lambd", text(lambd)), ("k", text(k)), ("j", text(j)), ("a", text(a)), ("p", text(p)),
            ("model", model), ("dataset", dataset), ("model-dataset", modelDataset ?? "(none)"),
            ("stability", "\(stability)"), ("stability-clean-input", "\(stabilityCleanInput)"), ("seed", "\(seed)"),
        ]
    }

    /// The training-defining options in which `self` differs from `saved` (a run recorded
    /// earlier), each as "--flag mine (saved run: theirs)"; empty when the run may be resumed.
    /// A saved run without a recorded `--model-dataset` (written before it was recorded) is not
    /// a conflict on that flag: the model's parameter shapes are checked when its weights load.
    public func resumeConflicts(with saved: TrainOptions) -> [String] {
        zip(trainingDefining, saved.trainingDefining).compactMap { mine, theirs in
            if mine.value == theirs.value || (mine.flag == "model-dataset" && saved.modelDataset == nil) { return nil }
            return "--\(mine.flag) \(mine.value) (saved run: \(theirs.value))"
        }
    }
}
