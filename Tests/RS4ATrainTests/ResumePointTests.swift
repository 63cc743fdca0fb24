import Foundation
import RS4ANet
import RS4ATrain
import XCTest

/// The resume point: a rerun with other training options is refused before anything is
/// written; a kill at any moment of writing the resume point (simulated by assembling the
/// files it would leave) resumes to exactly the uninterrupted result; the loss log carries the
/// meter across epochs as the reference's does.
final class ResumePointTests: ScratchDirectoryTestCase {
    /// 300 digits, 5 batches of 64 per epoch.
    private func data() throws -> TrainingData { try TrainingData.digits16(directory: TrainingFixtures.directory).prefix(300) }

    private func options(_ root: URL, epochs: Int = 3) -> TrainOptions {
        var o = TrainOptions()
        o.model = "LeNet"; o.dataset = "digits"; o.modelDataset = "digits16"; o.numEpochs = epochs; o.lr = 0.05
        o.outputDir = root.path; o.experimentName = "run"; o.noise = "Laplace"; o.sigma = 0.2; o.printEvery = 2; o.seed = 9
        return o
    }

    private func model(seed: UInt64 = 4) throws -> TrainableModel {
        try TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: seed)
    }

    @discardableResult
    private func train(_ o: TrainOptions, stopAfter: Int? = nil, seed: UInt64 = 4) throws -> Trainer {
        let t = try Trainer(options: o, model: model(seed: seed), data: data())
        try t.run(stopAfterEpochs: stopAfter, log: { _ in })
        return t
    }

    private func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    func testRefusedRerunLeavesTheRunIntact() throws {
        let o = options(scratch)
        try train(o, stopAfter: 1)
        let dir = scratch.appendingPathComponent("run")
        let before = try ["args.json", "resume.json"].map { try bytes(dir.appendingPathComponent($0)) }
        var other = o
        other.lr = 0.1
        other.numEpochs = 4
        XCTAssertThrowsError(try train(other)) { error in
            guard case TrainError.incompatibleRun(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("--lr 0.1 (saved run: 0.05)"), message)
            XCTAssertTrue(message.contains("--num-epochs 4 (saved run: 3)"), message)
            XCTAssertTrue(message.contains("--no-resume"), message)
        }
        XCTAssertEqual(try ["args.json", "resume.json"].map { try bytes(dir.appendingPathComponent($0)) }, before)
        // Options that do not change training may differ.
        var relaxed = o
        relaxed.printEvery = 1; relaxed.saveEvery = 7; relaxed.dataDir = "elsewhere"
        XCTAssertNoThrow(try train(relaxed, stopAfter: 2))
    }

    func testModelDatasetIsRecordedAndChecked() throws {
        let o = options(scratch)
        try train(o, stopAfter: 1)
        let args = try JSONSerialization.jsonObject(with: bytes(scratch.appendingPathComponent("run/args.json"))) as? [String: Any]
        XCTAssertEqual(args?["model_dataset"] as? String, "digits16")
        XCTAssertEqual(args?["num_epochs"] as? Int, 3)
        var other = o
        other.modelDataset = "mnist"
        XCTAssertThrowsError(try train(other)) { XCTAssertTrue("\($0)".contains("--model-dataset mnist (saved run: digits16)"), "\($0)") }
    }

    func testNoResumeDiscardsTheResumePoint() throws {
        var o = options(scratch)
        try train(o, stopAfter: 1)
        o.resume = false
        o.seed = 10
        try train(o, stopAfter: 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("run").path)
        XCTAssertEqual(names.filter { $0.hasPrefix("resume_") }.sorted(), ["resume_model_1.torch", "resume_momentum_1.torch"])
        let record = try JSONSerialization.jsonObject(with: bytes(scratch.appendingPathComponent("run/resume.json"))) as? [String: Any]
        XCTAssertEqual((record?["options"] as? [String: Any])?["seed"] as? Int, 10)
    }

    /// Every state a kill can leave while the resume point of epoch 2 is written, rebuilt from the
    /// files of a run stopped after epoch 1 (A) and one stopped after epoch 2 (B).
    func testTornResumePointsResumeToTheUninterruptedResult() throws {
        let straight = try train(options(scratch.appendingPathComponent("straight")))
        let reference = try straight.model.stateDict()
        let live = scratch.appendingPathComponent("live")
        try train(options(live), stopAfter: 1)
        let a = scratch.appendingPathComponent("A"), b = scratch.appendingPathComponent("B")
        try FileManager.default.copyItem(at: live.appendingPathComponent("run"), to: a)
        try train(options(live), stopAfter: 2)
        try FileManager.default.copyItem(at: live.appendingPathComponent("run"), to: b)

        let model2 = "resume_model_2.torch", momentum2 = "resume_momentum_2.torch"
        let cases: [(name: String, base: URL, extra: [(from: URL, file: String, truncate: Bool)], resumesAfter: Int)] = [
            ("killed while writing the model", a, [(b, model2, true)], 1),
            ("killed after the model", a, [(b, model2, false)], 1),
            ("killed before the commit", a, [(b, model2, false), (b, momentum2, false)], 1),
            ("killed while committing", a, [(b, model2, false), (b, momentum2, false), (b, "resume.json", true)], 1),
            ("killed before the cleanup", b, [(a, "resume_model_1.torch", false), (a, "resume_momentum_1.torch", false)], 2),
        ]
        for (k, c) in cases.enumerated() {
            let root = scratch.appendingPathComponent("case\(k)"), dir = root.appendingPathComponent("run")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: c.base, to: dir)
            for e in c.extra {
                let content = try bytes(e.from.appendingPathComponent(e.file))
                // A write in progress lives under "<name>.partial", cut short.
                let target = e.truncate ? e.file + ".partial" : e.file
                try content.prefix(e.truncate ? content.count / 2 : content.count).write(to: dir.appendingPathComponent(target))
            }
            var lines: [String] = []
            let t = try Trainer(options: options(root), model: model(seed: 77), data: data())
            try t.run(log: { lines.append($0) })
            XCTAssertEqual(lines.first, "Resuming run after epoch \(c.resumesAfter)", c.name)
            let got = try t.model.stateDict()
            for key in reference.keys {
                XCTAssertEqual(try got[key]?.floatValues(), try reference[key]?.floatValues(), "\(c.name): \(key)")
            }
            XCTAssertEqual(t.losses, straight.losses, c.name)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("resume") }.sorted()
            XCTAssertEqual(left, ["resume.json", "resume_model_3.torch", "resume_momentum_3.torch"], c.name)
        }
    }

    /// A resume point written before the files were named per epoch still resumes.
    func testLegacyResumePointResumes() throws {
        let straight = try train(options(scratch.appendingPathComponent("straight")))
        let root = scratch.appendingPathComponent("legacy"), dir = root.appendingPathComponent("run")
        try train(options(root), stopAfter: 1)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("resume_model_1.torch"), to: dir.appendingPathComponent("resume_model.torch"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("resume_momentum_1.torch"),
                                         to: dir.appendingPathComponent("resume_momentum.torch"))
        var record = try JSONSerialization.jsonObject(with: bytes(dir.appendingPathComponent("resume.json"))) as? [String: Any] ?? [:]
        record["modelFile"] = nil; record["momentumFile"] = nil; record["meterSum"] = nil; record["meterCount"] = nil
        var savedOptions = record["options"] as? [String: Any] ?? [:]
        XCTAssertNotNil(savedOptions["modelDataset"])
        savedOptions["modelDataset"] = nil  // not recorded before it became a training-defining option
        record["options"] = savedOptions
        try JSONSerialization.data(withJSONObject: record).write(to: dir.appendingPathComponent("resume.json"))
        let t = try Trainer(options: options(root), model: model(seed: 5), data: data())
        try t.run(log: { _ in })
        XCTAssertEqual(try t.model.stateDict()["model.fc3.weight"]?.floatValues(), try straight.model.stateDict()["model.fc3.weight"]?.floatValues())
    }

    /// A resume record naming files the trainer does not write, or momentum of the wrong size,
    /// is refused before anything is loaded into the model.
    func testResumeRecordWithForeignFileNamesOrSizesIsRefused() throws {
        let root = scratch.appendingPathComponent("foreign"), dir = root.appendingPathComponent("run")
        try train(options(root), stopAfter: 1)
        let url = dir.appendingPathComponent("resume.json")
        let original = try bytes(url)
        var record = try JSONSerialization.jsonObject(with: original) as? [String: Any] ?? [:]
        record["modelFile"] = "../resume_model_1.torch"
        try JSONSerialization.data(withJSONObject: record).write(to: url)
        XCTAssertThrowsError(try Trainer(options: options(root), model: model(seed: 5), data: data()).run(log: { _ in })) {
            XCTAssertTrue("\($0)".contains("names model file \"../resume_model_1.torch\""), "\($0)")
        }
        // Momentum of another model (fc3 with one output fewer) does not fit the parameters.
        try original.write(to: url)
        let momentumURL = dir.appendingPathComponent("resume_momentum_1.torch")
        let momentum = try CheckpointLoader.load(contentsOf: momentumURL)
        let fc3 = try XCTUnwrap(momentum["model.fc3.weight"])
        let smaller = try CheckpointTensor(shape: [fc3.shape[0] - 1] + fc3.shape.dropFirst(),
                                           floats: Array(try fc3.floatValues().dropLast(fc3.shape.dropFirst().reduce(1, *))))
        let edited = try StateDict(momentum.entries.map { ($0.0, $0.0 == "model.fc3.weight" ? smaller : $0.1) })
        try CheckpointWriter.torchZipData(edited).write(to: momentumURL)
        XCTAssertThrowsError(try Trainer(options: options(root), model: model(seed: 5), data: data()).run(log: { _ in })) {
            XCTAssertTrue("\($0)".contains("momentum of model.fc3.weight"), "\($0)")
        }
    }

    /// The reference resets its loss meter only when it logs, so the first mean of an epoch also
    /// averages the previous epoch's iterations after its last log (here: 5 batches per epoch).
    func testLossLogCarriesTheMeterAcrossEpochs() throws {
        var every = options(scratch.appendingPathComponent("every"), epochs: 2)
        every.printEvery = 1
        let perIteration = try train(every).losses  // printing does not change training
        XCTAssertEqual(perIteration.count, 10)
        var sparse = options(scratch.appendingPathComponent("sparse"), epochs: 2)
        sparse.printEvery = 3  // logs at iterations 0 and 3 of each epoch
        let logged = try train(sparse).losses
        let l = perIteration
        let expected = [l[0], (l[1] + l[2] + l[3]) / 3, (l[4] + l[5]) / 2, (l[6] + l[7] + l[8]) / 3]
        XCTAssertEqual(logged.count, expected.count)
        // Same additions in the same order: equal up to rounding of the division.
        for (x, y) in zip(logged, expected) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        // The meter survives a resume.
        let resumedRoot = scratch.appendingPathComponent("resumed")
        var resumed = sparse
        resumed.outputDir = resumedRoot.path
        try train(resumed, stopAfter: 1)
        XCTAssertEqual(try train(resumed).losses, logged)
        let npy = try NPYFile.read(resumedRoot.appendingPathComponent("run/losses_train.npy"))
        XCTAssertEqual(npy.values, logged)
    }
}
