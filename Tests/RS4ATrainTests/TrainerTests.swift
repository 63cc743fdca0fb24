import Foundation
import RS4ANet
import RS4ANumerics
import RS4ATrain
import XCTest

/// The trainer end to end on the scikit-learn digits fixture: it learns, writes the reference's
/// files, and a resumed run equals an uninterrupted one exactly.
final class TrainerTests: XCTestCase {
    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-trainer-\(UUID().uuidString)")
    }

    private func options(_ out: URL, epochs: Int, noise: String = "Clean", sigma: Double? = nil) -> TrainOptions {
        var o = TrainOptions()
        o.model = "LeNet"; o.dataset = "digits"; o.numEpochs = epochs; o.lr = 0.05; o.batchSize = 64
        o.outputDir = out.path; o.experimentName = "digits"; o.saveEvery = 2; o.noise = noise; o.sigma = sigma
        return o
    }

    func testLeNetLearnsDigitsUnderGaussianNoise() throws {
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let all = try TrainingData.digits16(directory: TrainingFixtures.directory)
        let train = try all.slice(0..<1400), heldOut = try all.slice(1400..<all.count)
        let model = try TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: 0)
        let trainer = try Trainer(options: options(out, epochs: 4, noise: "Gaussian", sigma: 0.25), model: model, data: train)
        try trainer.run(log: { _ in })
        // Chance is 0.1; four epochs of noisy LeNet training reach well above 0.8 held out.
        let accuracy = Trainer.accuracy(model: model, data: heldOut)
        XCTAssertGreaterThan(accuracy, 0.8, "held-out accuracy \(accuracy)")
        let dir = out.appendingPathComponent("digits")
        for file in ["model_ckpt.torch", "1/model_ckpt.torch", "3/model_ckpt.torch", "args.json", "losses_train.npy"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), file)
        }
        let losses = try NPYFile.read(dir.appendingPathComponent("losses_train.npy"))
        XCTAssertEqual(losses.values, trainer.losses)
        XCTAssertEqual(losses.shape, [4 * 2])  // 22 iterations per epoch, logged at 0 and 20
        XCTAssertLessThan(losses.values.last ?? 9, losses.values.first ?? 0)
    }

    func testResumedRunEqualsUninterruptedRun() throws {
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let data = try TrainingData.digits16(directory: TrainingFixtures.directory).prefix(300)
        var straight = options(out.appendingPathComponent("a"), epochs: 3, noise: "Laplace", sigma: 0.2)
        straight.stability = true
        let m1 = try TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: 4)
        try Trainer(options: straight, model: m1, data: data).run(log: { _ in })

        var resumed = straight
        resumed.outputDir = out.appendingPathComponent("b").path
        let m2 = try TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: 4)
        try Trainer(options: resumed, model: m2, data: data).run(stopAfterEpochs: 1, log: { _ in })
        let m3 = try TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: 77)  // weights come from the resume point
        let second = try Trainer(options: resumed, model: m3, data: data)
        var lines: [String] = []
        try second.run(log: { lines.append($0) })
        XCTAssertTrue(lines.first?.hasPrefix("Resuming") ?? false)
        let a = try m1.stateDict(), b = try m3.stateDict()
        for key in a.keys where !key.hasSuffix("num_batches_tracked") {
            XCTAssertEqual(try a[key]?.floatValues(), try b[key]?.floatValues(), key)
        }
    }

    func testStabilityWithCleanInputLearns() throws {
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let all = try TrainingData.digits16(directory: TrainingFixtures.directory)
        var o = options(out, epochs: 3, noise: "Gaussian", sigma: 0.25)
        o.stability = true
        o.stabilityCleanInput = true
        let model = try TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: 2)
        try Trainer(options: o, model: model, data: all.slice(0..<1400)).run(log: { _ in })
        let accuracy = Trainer.accuracy(model: model, data: try all.slice(1400..<all.count))
        XCTAssertGreaterThan(accuracy, 0.8, "held-out accuracy \(accuracy)")
    }

    func testDropoutMasksFollowTheReseededStream() throws {
        // The trainer reseeds dropout per iteration; equal streams give equal masks (resumable),
        // other streams other masks.
        let arch = Architecture.alexNet(AlexNetConfig(channels: [4, 4, 4, 4, 4], hidden: 64))
        let a = try TrainableModel(architecture: arch, dataset: .cifar, seed: 1)
        let b = try TrainableModel(architecture: arch, dataset: .cifar, seed: 1)
        let x = Blob(shape: [2, 3, 32, 32], data: (0..<6144).map { Float($0 % 97) / 97 })
        a.reseedDropout(RandomStream(seed: 5, stream: 3))
        b.reseedDropout(RandomStream(seed: 5, stream: 3))
        XCTAssertEqual(a.forward(x, mode: .train).data, b.forward(x, mode: .train).data)
        b.reseedDropout(RandomStream(seed: 6, stream: 3))
        XCTAssertNotEqual(a.forward(x, mode: .train).data, b.forward(x, mode: .train).data)
        XCTAssertEqual(a.forward(x, mode: .eval).data, b.forward(x, mode: .eval).data, "eval mode has no dropout")
    }

    func testOptionsDecodeWithMissingKeys() throws {
        let o = try JSONDecoder().decode(TrainOptions.self, from: Data(#"{"lr": 0.2, "sigma": 0.5}"#.utf8))
        XCTAssertEqual(o.lr, 0.2)
        XCTAssertEqual(o.sigma, 0.5)
        XCTAssertEqual(o.batchSize, 64)
        XCTAssertEqual(o.numEpochs, 120)
        XCTAssertEqual(o.model, "WideResNet")
        let roundTrip = try JSONDecoder().decode(TrainOptions.self, from: JSONEncoder().encode(o))
        XCTAssertEqual(roundTrip, o)
    }

    func testInvalidOptionsAreTypedErrors() throws {
        var o = TrainOptions()
        o.batchSize = 0
        XCTAssertThrowsError(try o.validate()) { XCTAssertEqual(($0 as? TrainError).map { "\($0)" }?.contains("batch-size"), true) }
        o = TrainOptions(); o.experimentName = "../x"
        XCTAssertThrowsError(try o.validate())
        let data = try TrainingData.digits16(directory: TrainingFixtures.directory).prefix(10)
        var bad = options(temporaryDirectory(), epochs: 1, noise: "Gaussian")  // no sigma
        bad.noise = "Gaussian"
        XCTAssertThrowsError(try Trainer(options: bad, model: TrainableModel(architecture: .leNet, dataset: TrainingData.digits16Info, seed: 0), data: data))
    }
}
