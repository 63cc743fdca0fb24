import Foundation
import RS4AData
import XCTest

/// Runs the built `rs4a-cli` (it sits beside the test bundle in the products folder).
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let demoCheckpoint = repo.appendingPathComponent("ckpts/demo/lenet_digits_uniform_050.pt")

    static var binary: URL? {
        let candidates = [Bundle.main.executableURL?.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()]
        for dir in candidates.compactMap({ $0 }) {
            let url = dir.appendingPathComponent("rs4a-cli")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    private final class Marker {}

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Starts rs4a-cli with `arguments`; the caller waits or kills.
    static func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        guard let binary else {
            throw DataError.missingFiles("rs4a-cli is not built next to the tests (swift build --build-tests builds it)")
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> Result {
        let (p, out, err) = try start(arguments)
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh scratch folder.
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-workflow-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `test` on the digits with the shipped demo model: 15 test images (every 20th), 15
    /// training images (every 100th), `cert` certification draws.
    static func testArguments(output: URL, name: String, noise: String = "UniformNoise", sigma: String = "0.5", cert: Int = 300,
                              threads: Int = 1, noiseBatchSize: Int = 256, extra: [String] = []) -> [String] {
        ["test", "--dataset", "digits", "--data-dir", datasetFixtures.path, "--model", "LeNet", "--noise", noise, "--sigma", sigma,
         "--experiment-name", name, "--output-dir", output.path, "--save-path", demoCheckpoint.path,
         "--sample-size-cert", String(cert), "--sample-size-pred", "64", "--noise-batch-size", String(noiseBatchSize),
         "--dataset-skip", "20", "--train-dataset-skip", "100", "--seed", "11", "--threads", String(threads)] + extra
    }

    static let resultFiles = ["preds.npy", "labels.npy", "prob_lb.npy", "preds_nll.npy", "radius_l1.npy", "radius_l2.npy",
                              "radius_linf.npy", "acc_train.npy", "results.csv"]

    /// Asserts every result file of two experiment folders is byte-identical.
    static func assertSameResults(_ a: URL, _ b: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        for f in resultFiles {
            let x = try Data(contentsOf: a.appendingPathComponent(f)), y = try Data(contentsOf: b.appendingPathComponent(f))
            XCTAssertEqual(x, y, "\(f) differs between \(a.lastPathComponent) and \(b.lastPathComponent)", file: file, line: line)
        }
    }
}
