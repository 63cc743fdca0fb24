import Foundation
import RS4ANet
import RS4ATrain
import XCTest

/// Locates and reads the committed fixtures of Tests/Fixtures/training.
enum TrainingFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/training")

    static func stateDict(_ name: String) throws -> StateDict {
        try CheckpointLoader.load(contentsOf: directory.appendingPathComponent(name + ".pt"))
    }

    static func blob(_ sd: StateDict, _ key: String) throws -> Blob {
        guard let t = sd[key] else { throw TrainError.io("fixture lacks \(key)") }
        return Blob(shape: t.shape, data: try t.floatValues())
    }

    static func labels(_ sd: StateDict) throws -> [Int] {
        guard let t = sd["y"] else { throw TrainError.io("fixture lacks y") }
        return try t.int64Values().map { Int($0) }
    }

    static func losses() throws -> [String: (lr: Double, losses: [Double])] {
        let data = try Data(contentsOf: directory.appendingPathComponent("losses.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
        var out: [String: (Double, [Double])] = [:]
        for (k, v) in json { out[k] = (v["lr"] as? Double ?? 0, v["losses"] as? [Double] ?? []) }
        return out
    }
}

/// A fresh, empty directory under the system's temporary directory (the caller removes it).
func makeScratchDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Test cases that write files: each test gets its own empty `scratch` directory, removed afterwards.
class ScratchDirectoryTestCase: XCTestCase {
    private(set) var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchDirectory(String(describing: type(of: self)))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }
}
