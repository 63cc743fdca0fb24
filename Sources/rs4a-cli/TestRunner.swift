import Foundation
import RS4A
import RS4AData

/// Writes a line to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The work of `rs4a-cli test`, separated from argument parsing.
struct TestRunner {
    let options: TestCommand

    init(_ options: TestCommand) { self.options = options }

    func run() throws {
        let o = options
        let shard = try o.shard.map(Shard.init(parsing:)) ?? .whole
        if o.device.lowercased() != "cpu" { printError("rs4a-cli test: note: --device \(o.device) ignored; running on the CPU") }
        let outputDir = URL(fileURLWithPath: o.outputDir ?? ProcessInfo.processInfo.environment["PT_OUTPUT_DIR"] ?? "ckpts")
        let dir = outputDir.appendingPathComponent(o.experimentName)
        let checkpoint = URL(fileURLWithPath: o.savePath ?? dir.appendingPathComponent("model_ckpt.torch").path)
        guard FileManager.default.fileExists(atPath: checkpoint.path) else {
            throw WorkflowError.missing("checkpoint \(checkpoint.path) not found (train first, or pass --save-path)")
        }
        let dataDir = URL(fileURLWithPath: o.dataDir)
        let test = try DatasetLoader.source(name: o.dataset, split: .test, dataDir: dataDir)
        let modelDataset = try o.modelDataset ?? Self.modelDataset(for: o.dataset, shape: test.shape)
        // Hashed before and after the load: the recorded hash must be that of the weights used,
        // also when `train` replaces the checkpoint meanwhile.
        let checkpointHash = try SHA256.hex(ofFileAt: checkpoint)
        let net = try Network.load(architecture: o.model, dataset: modelDataset, checkpoint: checkpoint, threads: 1)
        guard try SHA256.hex(ofFileAt: checkpoint) == checkpointHash else {
            throw WorkflowError.incompatible("checkpoint \(checkpoint.path) changed while it was loaded (is it still being trained?); rerun")
        }
        guard net.inputDimension == test.imageSize else {
            throw WorkflowError.incompatible("model \(o.model)/\(modelDataset) takes \(net.inputShape) inputs but \(o.dataset) images are \(test.shape)")
        }
        let noise = try makeNoise(name: o.noise, dim: test.imageSize, sigma: o.lambd == nil ? o.sigma : nil, lambd: o.lambd,
                                  k: o.k, j: o.j, a: o.a, p: o.p)
        let positions = Array(stride(from: 0, to: test.count, by: o.datasetSkip))  // dataset index of each position
        let train: (any ImageSource)? = o.noTrainAccuracy ? nil : try DatasetLoader.source(name: o.dataset, split: .train, dataDir: dataDir)
        let trainPositions = train.map { Array(stride(from: 0, to: $0.count, by: o.trainDatasetSkip)) } ?? []

        let record = ExperimentRecord(
            noise: noise.kind.seedName, sigma: noise.sigma, lambd: noise.lambd, k: noise.parameter("k"), j: noise.parameter("j"),
            a: noise.parameter("a"), p: noise.parameter("p"), dataset: o.dataset, model: o.model, checkpoint: checkpoint.path,
            checkpointSHA256: checkpointHash, sampleSizePred: o.sampleSizePred, sampleSizeCert: o.sampleSizeCert, alpha: o.alpha,
            seed: o.seed, datasetSkip: o.datasetSkip, count: positions.count, classes: net.classes, trainAccuracy: train != nil,
            trainDatasetSkip: o.trainDatasetSkip, trainCount: trainPositions.count)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.checkResumable(dir, record: record)
        try record.write(to: dir)

        var smoothing = SmoothingOptions(noiseBatchSize: o.noiseBatchSize, seed: 0, threads: o.threads ?? Parallel.defaultThreadCount)
        var budget = o.maxImages ?? Int.max

        // Test images.
        let resultLog = try ResultLog(url: TestResults.logURL(dir, shard), columns: TestResults.columns(classes: net.classes))
        let mine = positions.indices.filter(shard.contains)
        let todo = mine.filter { resultLog.rows[$0] == nil }
        let bar = ProgressBar(total: mine.count, alreadyDone: mine.count - todo.count, label: "test\(shard.count > 1 ? " \(shard)" : "")")
        var done = mine.count - todo.count
        if done > 0 && !todo.isEmpty { printError("resuming: \(done) of \(mine.count) images already certified") }
        var warnedNoCertificate = false
        for position in todo {
            guard budget > 0 else { return stopped(done, mine.count) }
            budget -= 1
            let index = positions[position]
            let x = try test.image(at: index)
            let label = try test.label(at: index)
            let drawsPerImage = Double(o.sampleSizePred + o.sampleSizeCert)
            smoothing.seed = imageSeed(o.seed, datasetIndex: index)
            smoothing.progress = { d, _ in bar.update(done: done, fraction: Double(d) / drawsPerImage); return true }
            let freq = try smoothPredictHard(net, x, noise: noise, samples: o.sampleSizePred, options: smoothing)[0]
            let top = freq.indices.max { freq[$0] < freq[$1] || (freq[$0] == freq[$1] && $0 > $1) }!  // first maximum
            smoothing.progress = { d, _ in bar.update(done: done, fraction: (Double(o.sampleSizePred) + Double(d)) / drawsPerImage); return true }
            let rho = try certifyProbLB(net, x, classes: [top], alpha: o.alpha, noise: noise, samples: o.sampleSizeCert, options: smoothing)[0]
            var radii = [Double]()
            for adv in [1.0, 2.0, .infinity] {
                do { radii.append(try noise.certify(rho, adv: adv)) } catch NoiseError.noCertificate(let m) {
                    if !warnedNoCertificate { printError("note: \(m); writing NaN radii"); warnedNoCertificate = true }
                    radii.append(.nan)
                }
            }
            let nll = -Foundation.log(freq[label])  // +inf when no draw predicted the label, as the seed's Categorical.log_prob
            try resultLog.append([Double(position), Double(index), Double(label), Double(top), rho, nll] + radii + freq)
            done += 1
            bar.update(done: done)
        }
        bar.finish(done: done)

        // Smoothed accuracy on the training set (the seed's acc_train.npy).
        var trainRows = [Int: [Double]]()
        if let train {
            let tlog = try ResultLog(url: TestResults.trainLogURL(dir, shard), columns: TestResults.trainColumns)
            let tmine = trainPositions.indices.filter(shard.contains)
            let ttodo = tmine.filter { tlog.rows[$0] == nil }
            var tdone = tmine.count - ttodo.count
            let tbar = ProgressBar(total: tmine.count, alreadyDone: tdone, label: "train accuracy")
            for position in ttodo {
                guard budget > 0 else { return stopped(tdone, tmine.count, what: "training images") }
                budget -= 1
                let index = trainPositions[position]
                smoothing.seed = imageSeed(~o.seed, datasetIndex: index)
                smoothing.progress = nil
                let freq = try smoothPredictHard(net, try train.image(at: index), noise: noise, samples: o.sampleSizePred, options: smoothing)[0]
                let top = freq.indices.max { freq[$0] < freq[$1] || (freq[$0] == freq[$1] && $0 > $1) }!
                try tlog.append([Double(position), Double(index), Double(try train.label(at: index)), Double(top)])
                tdone += 1
                tbar.update(done: tdone)
            }
            tbar.finish(done: tdone)
            trainRows = tlog.rows
        }

        if shard.count == 1 {
            guard try TestResults.finalize(dir, record: record, results: resultLog.rows, train: trainRows) else {
                throw WorkflowError.incompatible("internal: results incomplete after a full run")
            }
            let trainText = train == nil ? "" : ", smoothed training accuracy \(Self.accuracy(trainRows))"
            print("wrote \(dir.path): \(record.count) images, clean accuracy \(Self.accuracy(resultLog.rows)) (hard smoothed prediction)\(trainText); results.csv and .npy files")
        } else if let gathered = try TestResults.gather(dir, record: record, shards: shard.count),
                  try TestResults.finalize(dir, record: record, results: gathered.results, train: gathered.train) {
            print("shard \(shard) done; every shard is complete: merged into \(dir.path)")
        } else {
            print("shard \(shard) done (\(mine.count) images); merge with `rs4a-cli merge --dir \(dir.path)` once every shard's files are here")
        }
    }

    /// Refuses to continue results computed with another experiment: another checkpoint content
    /// (a retrained model), noise, sample sizes, seed, … — or results whose record is unreadable.
    static func checkResumable(_ dir: URL, record: ExperimentRecord) throws {
        let logs = TestResults.logFiles(in: dir)
        guard !logs.isEmpty else { return }
        let remedy = "remove \(logs.joined(separator: ", ")) from \(dir.path) to start afresh, or choose another --experiment-name"
        let previous: ExperimentRecord
        do { previous = try ExperimentRecord.read(from: dir) } catch {
            throw WorkflowError.incompatible("\(dir.path) holds results but no readable \(ExperimentRecord.fileName) (\(error)); \(remedy)")
        }
        let differences = record.differences(from: previous)
        guard differences.isEmpty else {
            throw WorkflowError.incompatible(
                "\(dir.path) holds results of a test run with other settings (\(ExperimentRecord.fileName)): "
                    + differences.joined(separator: "; ") + "; " + remedy)
        }
    }

    private func stopped(_ done: Int, _ total: Int, what: String = "images") {
        printError("\nstopped after --max-images: \(done) of \(total) \(what) done; rerun the same command to continue")
    }

    private static func accuracy(_ rows: [Int: [Double]]) -> String {
        let correct = rows.values.filter { $0[2] == $0[3] }.count
        return String(format: "%.4f", Double(correct) / Double(max(rows.count, 1)))
    }

    /// The network geometry for a dataset name (digits and npz borrow MNIST's or CIFAR's).
    static func modelDataset(for dataset: String, shape: [Int]) throws -> String {
        switch dataset.lowercased() {
        case "digits": return "mnist"
        case "npz", "npy":
            if shape == [1, 28, 28] { return "mnist" }
            if shape == [3, 32, 32] { return "cifar" }
            throw WorkflowError.invalidOption("npz images of shape \(shape): pass --model-dataset (e.g. mnist, cifar, imagenet)")
        case "cifar10", "cifar-10": return "cifar"
        case "fashion-mnist", "fashionmnist": return "fashion"
        default: return dataset.lowercased()
        }
    }
}
