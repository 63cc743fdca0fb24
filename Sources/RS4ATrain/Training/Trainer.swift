import Foundation
import RS4ANet
import RS4ANoises
import RS4ANumerics

/// The reference's training loop: shuffled mini-batches (the last one may be short), the set's
/// training transform, noise augmentation (`noise.sample`), cross-entropy or stability loss, SGD
/// with Nesterov momentum 0.9 and weight decay 1e-4, cosine-annealed learning rate stepped per epoch.
///
/// Output in `<outputDir>/<experimentName>/` (the reference's names): `model_ckpt.torch` (final),
/// `<epoch>/model_ckpt.torch` every `saveEvery` epochs, `args.json`, `losses_train.npy`; plus
/// the resume point (`resume.json` and the model and momentum files it names) after every epoch,
/// from which a rerun with the same training options continues. Every random choice is a
/// function of (seed, epoch, iteration), so a resumed run equals an uninterrupted one (with the
/// same thread count: convolution gradients are summed per thread).
public final class Trainer {
    public let options: TrainOptions
    public let model: TrainableModel
    /// Where the mini-batches come from.
    public let examples: any TrainingSet
    let noise: any Noise
    /// Loss values logged so far (mean over the iterations since the previous log, as the
    /// reference's meter logs: it is not reset at epoch ends, so the first mean of an epoch
    /// includes the previous epoch's last iterations).
    public private(set) var losses: [Double] = []
    /// Epochs completed.
    public private(set) var epochsDone = 0
    /// Sum and count of the losses since the last logged mean.
    private(set) var lossMeter: (sum: Double, count: Int) = (0, 0)

    /// A trainer on any training set; the model must take `examples`' input shape.
    /// - Throws: `TrainError` / `NoiseError` for bad options.
    public init(options: TrainOptions, model: TrainableModel, examples: any TrainingSet) throws {
        try options.validate()
        let info = examples.info
        guard model.dataset.inputShape == info.inputShape, model.dataset.classes >= info.classes else {
            throw TrainError.invalidParameter(name: "dataset", message: "model takes \(model.dataset.inputShape) with \(model.dataset.classes) classes, data is \(info.inputShape) with \(info.classes)")
        }
        self.options = options
        self.model = model
        self.examples = examples
        noise = try makeNoise(name: options.noise, dim: info.inputShape.reduce(1, *), sigma: options.sigma,
                              lambd: options.lambd, k: options.k, j: options.j, a: options.a, p: options.p)
    }

    /// A trainer on an in-memory set with the reference's augmentation for `options.dataset`.
    public convenience init(options: TrainOptions, model: TrainableModel, data: TrainingData) throws {
        try self.init(options: options, model: model,
                      examples: AugmentedTrainingData(data, augmentation: Augmentation.reference(dataset: options.dataset)))
    }

    /// The experiment directory.
    public var directory: URL {
        URL(fileURLWithPath: options.outputDir).appendingPathComponent(options.experimentName)
    }

    /// Trains the remaining epochs, saving as described; `log` receives progress lines.
    /// `stopAfterEpochs` ends the call early after that many epochs in total (as an interrupted
    /// run would; the final checkpoint is then not written).
    public func run(stopAfterEpochs: Int? = nil, log: (String) -> Void = { print($0) }) throws {
        TrainingThreads.count = options.threads
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw TrainError.io("cannot create \(directory.path): \(error.localizedDescription)")
        }
        // Check (or discard) the previous run before writing anything: a refused rerun leaves its files intact.
        if options.resume { try restore(log: log) } else { try discardResumePoint() }
        try writeArguments()
        let schedule = CosineAnnealing(base: options.lr, periods: options.numEpochs)
        let root = RandomStream(seed: options.seed, stream: 1)
        let n = examples.count, bs = options.batchSize
        let batches = (n + bs - 1) / bs
        var lastModelBytes: Data?
        while epochsDone < options.numEpochs {
            let epoch = epochsDone
            let optimizer = SGDOptimizer(learningRate: schedule.learningRate(epoch: epoch))
            let epochStream = root.substream(UInt64(epoch))
            let order = permutation(n, epochStream.substream(0))
            let start = Date()
            for i in 0..<batches {
                let idx = Array(order[(i * bs)..<min(n, (i + 1) * bs)])
                let x = try examples.batch(idx, stream: epochStream.substream(1).substream(UInt64(i)), threads: options.threads)
                let labels = idx.map(examples.label(at:))
                model.reseedDropout(epochStream.substream(3).substream(UInt64(i)))
                let noiseStream = epochStream.substream(2).substream(UInt64(i))
                let loss: Double
                if options.stability {
                    let xTilde = try noisy(x, noiseStream.substream(0))
                    let first = options.stabilityCleanInput
                        ? Blob(shape: [idx.count] + examples.info.inputShape, data: x) : try noisy(x, noiseStream.substream(1))
                    loss = TrainingStep.stability(model: model, optimizer: optimizer, x: first, xTilde: xTilde, labels: labels)
                } else {
                    loss = TrainingStep.crossEntropy(model: model, optimizer: optimizer, x: try noisy(x, noiseStream), labels: labels)
                }
                guard loss.isFinite else {
                    throw TrainError.invalidParameter(name: "lr", message: "the loss diverged (\(loss)) at epoch \(epoch), iteration \(i)")
                }
                lossMeter.sum += loss; lossMeter.count += 1
                if i % options.printEvery == 0 {
                    let mean = lossMeter.sum / Double(lossMeter.count)
                    losses.append(mean)
                    lossMeter = (0, 0)
                    log(String(format: "Epoch: %d\tItr: %d / %d\tLoss: %.2f\tMins: %.2f\tExperiment: %@",
                               epoch, i, batches, mean, Date().timeIntervalSince(start) / 60, options.experimentName))
                }
            }
            epochsDone += 1
            // Serialised once per epoch: the same bytes go to the epoch's snapshot, the resume point
            // and, after the last epoch, model_ckpt.torch.
            let modelBytes = try CheckpointWriter.torchZipData(model.stateDict())
            lastModelBytes = modelBytes
            if epochsDone % options.saveEvery == 0 {
                let dir = directory.appendingPathComponent("\(epoch)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try DurableFile.write(modelBytes, to: dir.appendingPathComponent("model_ckpt.torch"))
            }
            try saveResumePoint(modelBytes: modelBytes)
            if let stop = stopAfterEpochs, epochsDone >= stop, epochsDone < options.numEpochs { return }
        }
        // A resumed run whose epochs were all done already trained nothing in this call.
        let finalBytes = try lastModelBytes ?? CheckpointWriter.torchZipData(model.stateDict())
        try DurableFile.write(finalBytes, to: directory.appendingPathComponent("model_ckpt.torch"))
        try NPYFile.writeFloat64(losses, to: directory.appendingPathComponent("losses_train.npy"))
    }

    /// Top-1 accuracy of the eval-mode model on `data` (clean inputs), in batches of 256.
    public static func accuracy(model: TrainableModel, data: TrainingData) -> Double {
        let d = data.info.inputShape.reduce(1, *)
        var correct = 0
        for lo in stride(from: 0, to: data.count, by: 256) {
            let hi = min(data.count, lo + 256)
            let x = Blob(shape: [hi - lo] + data.info.inputShape, data: Array(data.images[(lo * d)..<(hi * d)]))
            let z = model.forward(x, mode: .eval)
            let k = z.itemSize
            for r in 0..<(hi - lo) {
                var best = 0
                for c in 1..<k where z.data[r * k + c] > z.data[r * k + best] { best = c }
                if best == data.labels[lo + r] { correct += 1 }
            }
        }
        return Double(correct) / Double(data.count)
    }

    func setResumeState(epochsDone: Int, losses: [Double], meter: (sum: Double, count: Int)) {
        self.epochsDone = epochsDone
        self.losses = losses
        self.lossMeter = meter
    }

    private func noisy(_ x: [Float], _ stream: RandomStream) throws -> Blob {
        var out = x
        try out.withUnsafeMutableBufferPointer { try noise.sample($0, stream: stream, firstRow: 0, threads: options.threads) }
        let shape = examples.info.inputShape
        return Blob(shape: [x.count / shape.reduce(1, *)] + shape, data: out)
    }

    private func permutation(_ n: Int, _ stream: RandomStream) -> [Int] {
        var source = stream.makeSource()
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(source.next() % UInt64(i + 1))) }
        return order
    }

    private func writeArguments() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try DurableFile.write(encoder.encode(options), to: directory.appendingPathComponent("args.json"))
    }
}
