import Foundation
import RS4ANet
import RS4ATrain
import XCTest

/// `rs4a-cli train` end to end: the reference's flags, its output files, a checkpoint that
/// RS4ANet loads as LeNet/mnist and that `rs4a-cli test` certifies with good clean accuracy,
/// resumption, and clear errors for bad flags. Skipped when rs4a-cli is not built.
final class TrainCommandTests: XCTestCase {
    private static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func cli(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let dirs = [Bundle(for: Self.self).bundleURL.deletingLastPathComponent(),
                    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        guard let binary = dirs.map({ $0.appendingPathComponent("rs4a-cli") })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("rs4a-cli is not built next to the tests (run `swift build -c release` first)")
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    private func scratch() throws -> URL { try makeScratchDirectory("train-cli") }

    private var data: String { Self.repo.appendingPathComponent("Tests/Fixtures/datasets").path }

    func testTrainThenCertifyDigits() throws {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let train = ["train", "--model", "LeNet", "--dataset", "digits", "--data-dir", data, "--output-dir", out.path,
                     "--experiment-name", "dg", "--noise", "UniformNoise", "--sigma", "0.25", "--num-epochs", "3",
                     "--lr", "0.05", "--save-every", "2", "--print-every", "10"]
        let r = try cli(train)
        XCTAssertEqual(r.status, 0, r.err)
        let dir = out.appendingPathComponent("dg")
        for f in ["model_ckpt.torch", "1/model_ckpt.torch", "args.json", "losses_train.npy", "resume.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), f)
        }
        _ = try Network.load(architecture: "LeNet", dataset: "mnist", checkpoint: dir.appendingPathComponent("model_ckpt.torch"))
        let test = try cli(["test", "--model", "LeNet", "--dataset", "digits", "--data-dir", data, "--output-dir", out.path,
                            "--experiment-name", "dg", "--noise", "UniformNoise", "--sigma", "0.25", "--sample-size-cert", "200",
                            "--sample-size-pred", "16", "--noise-batch-size", "200", "--dataset-skip", "5", "--no-train-accuracy"])
        XCTAssertEqual(test.status, 0, test.err)
        let text = test.out + test.err
        guard let range = text.range(of: "clean accuracy ") else { return XCTFail("no accuracy in: \(text)") }
        let accuracy = Double(text[range.upperBound...].prefix(while: { $0.isNumber || $0 == "." })) ?? 0
        // 60 held-out digits; chance is 0.1.
        XCTAssertGreaterThan(accuracy, 0.8, text)
        // A rerun with another epoch count would change the cosine schedule: refused, args.json kept.
        let args = try Data(contentsOf: dir.appendingPathComponent("args.json"))
        let more = try cli(train.map { $0 == "3" ? "4" : $0 })
        XCTAssertEqual(more.status, 1, more.err)
        XCTAssertTrue(more.err.contains("--num-epochs 4 (saved run: 3)"), more.err)
        XCTAssertFalse(more.err.contains("Usage:"), more.err)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("args.json")), args)
        // The same command again finds the run complete.
        let again = try cli(train)
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertTrue(again.out.contains("Resuming dg after epoch 3"), again.out)
    }

    func testStopAfterEpochsThenResumeEqualsOneRun() throws {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        func train(_ name: String, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
            try cli(["train", "--model", "LeNet", "--dataset", "digits", "--data-dir", data, "--output-dir", out.path,
                     "--experiment-name", name, "--noise", "LaplaceNoise", "--sigma", "0.25", "--num-epochs", "2", "--lr", "0.05"] + extra)
        }
        XCTAssertEqual(try train("straight").status, 0)
        let first = try train("paused", ["--stop-after-epochs", "1"])
        XCTAssertEqual(first.status, 0, first.err)
        XCTAssertTrue(first.out.contains("Stopped after epoch 1 of 2"), first.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("paused/model_ckpt.torch").path))
        let second = try train("paused")
        XCTAssertEqual(second.status, 0, second.err)
        for file in ["model_ckpt.torch", "losses_train.npy"] {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("paused/\(file)")),
                           try Data(contentsOf: out.appendingPathComponent("straight/\(file)")), file)
        }
    }

    /// ResNet-18 on the shipped image folder (its four images as train/), streamed with the train
    /// transform; paused after one epoch and resumed; the checkpoint loads as ResNet18/imagenet.
    func testImageFolderTrainingThroughTheCLI() throws {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let dataDir = out.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: dataDir.appendingPathComponent("train"),
                                                   withDestinationURL: Self.repo.appendingPathComponent("Tests/Fixtures/datasets/imagefolder/val"))
        let train = ["train", "--model", "ResNet18", "--dataset", "imagenet", "--data-dir", dataDir.path, "--output-dir", out.path,
                     "--experiment-name", "folder", "--noise", "GaussianNoise", "--sigma", "0.25", "--num-epochs", "2",
                     "--batch-size", "4", "--lr", "0.01", "--print-every", "1"]
        let first = try cli(train + ["--stop-after-epochs", "1"])
        XCTAssertEqual(first.status, 0, first.err)
        let second = try cli(train)
        XCTAssertEqual(second.status, 0, second.err)
        XCTAssertTrue(second.out.contains("Resuming folder after epoch 1"), second.out)
        let dir = out.appendingPathComponent("folder")
        let args = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("args.json"))) as? [String: Any]
        XCTAssertEqual(args?["model_dataset"] as? String, "imagenet")
        XCTAssertEqual(try NPYFile.read(dir.appendingPathComponent("losses_train.npy")).shape, [2])
        _ = try Network.load(architecture: "ResNet18", dataset: "imagenet", checkpoint: dir.appendingPathComponent("model_ckpt.torch"))
    }

    func testRuntimeFailuresPrintTheMessageAndExitOne() throws {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let missing = try cli(["train", "--model", "LeNet", "--dataset", "digits", "--data-dir", out.path, "--output-dir", out.path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.err.hasPrefix("rs4a-cli train: error: digits not found"), missing.err)
        XCTAssertFalse(missing.err.contains("Usage:"), missing.err)
        let folder = try cli(["train", "--model", "ResNet18", "--dataset", "imagenet", "--data-dir", out.path, "--output-dir", out.path])
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.err.contains("imagenet train images not found"), folder.err)
        // Bad flags stay usage errors.
        let flag = try cli(["train", "--lr", "-1", "--output-dir", out.path])
        XCTAssertEqual(flag.status, 64)
        XCTAssertTrue(flag.err.contains("Usage:"), flag.err)
    }

    func testBadFlagsFailWithClearMessages() throws {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let base = ["train", "--model", "LeNet", "--dataset", "digits", "--data-dir", data, "--output-dir", out.path]
        let zero = try cli(base + ["--batch-size", "0"])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssertTrue(zero.err.contains("batch-size"), zero.err)
        let direct = try cli(base + ["--direct"])
        XCTAssertEqual(direct.status, 64)
        XCTAssertTrue(direct.err.contains("--direct"), direct.err)
        let adversarial = try cli(base + ["--adversarial"])
        XCTAssertNotEqual(adversarial.status, 0)
        XCTAssertTrue(adversarial.err.contains("not implemented"), adversarial.err)
        let noSigma = try cli(base + ["--noise", "GaussianNoise"])
        XCTAssertNotEqual(noSigma.status, 0)
        XCTAssertTrue(noSigma.err.lowercased().contains("sigma"), noSigma.err)
        let wrongModel = try cli(base + ["--model", "WideResNet"])
        XCTAssertNotEqual(wrongModel.status, 0)
        XCTAssertFalse(wrongModel.err.isEmpty)
    }
}
