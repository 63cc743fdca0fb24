import Foundation
import RS4ANet
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

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-train-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

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
        // A rerun with more epochs resumes after epoch 3.
        let more = try cli(train.map { $0 == "3" ? "4" : $0 })
        XCTAssertEqual(more.status, 0, more.err)
        XCTAssertTrue(more.out.contains("Resuming dg after epoch 3"), more.out)
    }

    func testBadFlagsFailWithClearMessages() throws {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let base = ["train", "--model", "LeNet", "--dataset", "digits", "--data-dir", data, "--output-dir", out.path]
        let zero = try cli(base + ["--batch-size", "0"])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssertTrue(zero.err.contains("batch-size"), zero.err)
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
