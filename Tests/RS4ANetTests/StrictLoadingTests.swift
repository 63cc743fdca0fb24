// Strict loading, like PyTorch's load_state_dict(strict=True): every problem reported by name.
import Foundation
import RS4ANet
import XCTest

final class StrictLoadingTests: XCTestCase {
    private func fixture(_ name: String) throws -> NetworkFixture {
        try XCTUnwrap(try NetworkFixture.load().first { $0.name == name })
    }

    /// The fixture's checkpoint as named tensors (keys exactly as in the file).
    private func parameters(_ f: NetworkFixture) throws -> [String: Tensor] {
        let sd = try CheckpointLoader.load(contentsOf: f.checkpoint("zip"))
        var out: [String: Tensor] = [:]
        for key in sd.keys {
            let t = try XCTUnwrap(sd[key])
            out[key] = try Tensor(shape: t.shape, values: try t.floatValues())
        }
        return out
    }

    private func mismatch(_ body: () throws -> Network) -> (missing: [String], unexpected: [String], shapes: [ShapeMismatch])? {
        do {
            _ = try body()
            XCTFail("loading succeeded")
        } catch let NetError.stateDictMismatch(missing, unexpected, shapes) {
            return (missing, unexpected, shapes)
        } catch {
            XCTFail("unexpected error \(error)")
        }
        return nil
    }

    func testDictionaryOfTheFileLoadsAndMatches() throws {
        let f = try fixture("wideresnet_cifar")
        let net = try Network(architecture: f.architecture, dataset: f.dataset, parameters: try parameters(f))
        assertLogitsMatch(try net.forward(f.input), f, "parameters dictionary")
    }

    func testAllProblemsReportedByNameAtOnce() throws {
        let f = try fixture("resnet_cifar")
        var p = try parameters(f)
        p.removeValue(forKey: "model.module.layer2.0.bn1.running_var")
        p.removeValue(forKey: "norm.module.log_sig")
        p["model.module.extra.weight"] = try Tensor(shape: [2], values: [1, 2])
        p["model.module.linear.weight"] = try Tensor(shape: [10, 32], repeating: 0)
        let result = mismatch { try Network(architecture: f.architecture, dataset: f.dataset, parameters: p) }
        XCTAssertEqual(result?.missing.sorted(), ["model.module.layer2.0.bn1.running_var", "norm.module.log_sig"])
        XCTAssertEqual(result?.unexpected, ["model.module.extra.weight"])
        XCTAssertEqual(result?.shapes, [ShapeMismatch(key: "model.module.linear.weight", expected: [10, 64], found: [10, 32])])
        let message = "\(NetError.stateDictMismatch(missing: result?.missing ?? [], unexpected: result?.unexpected ?? [], shapeMismatches: result?.shapes ?? []))"
        XCTAssertTrue(message.contains("norm.module.log_sig") && message.contains("model.module.extra.weight")
                      && message.contains("[10, 64]"), message)
    }

    func testMissingKeysUseTheReferenceSpelling() throws {
        // LeNet is not wrapped in DataParallel: missing keys are spelled without `module.`.
        let f = try fixture("lenet_mnist")
        var p = try parameters(f)
        p.removeValue(forKey: "model.fc2.bias")
        let result = mismatch { try Network(architecture: f.architecture, dataset: f.dataset, parameters: p) }
        XCTAssertEqual(result?.missing, ["model.fc2.bias"])
        XCTAssertEqual(result?.unexpected, [])
    }

    func testWrongArchitectureForCheckpointReportsShapes() throws {
        // A greyscale LeNet checkpoint read as the CIFAR LeNet: conv1, fc1 and the norm parameters differ.
        let f = try fixture("lenet_mnist")
        let result = mismatch {
            try Network.load(architecture: "LeNet", dataset: "cifar", checkpoint: f.checkpoint("legacy"))
        }
        XCTAssertEqual(Set(result?.shapes.map(\.key) ?? []),
                       ["norm.mu", "norm.log_sig", "model.conv1.weight", "model.fc1.weight"])
        XCTAssertEqual(result?.missing, [])
    }

    func testDataParallelSegmentsAreOptionalAndBatchCountIgnored() throws {
        let f = try fixture("resnet_imagenet_basic")
        var p: [String: Tensor] = [:]
        for (key, value) in try parameters(f) where !key.hasSuffix("num_batches_tracked") {
            p[key.replacingOccurrences(of: ".module.", with: ".")] = value
        }
        let net = try Network(architecture: f.architecture, dataset: f.dataset, parameters: p)
        assertLogitsMatch(try net.forward(f.input), f, "keys without module.")
    }

    func testNormalisationComesFromTheCheckpoint() throws {
        // The fixture's norm.mu/log_sig differ from the dataset defaults; defaults must give other logits.
        let f = try fixture("lenet_mnist")
        var p = try parameters(f)
        p["norm.mu"] = try Tensor(shape: [1, 1, 1], values: f.dataset.mean)
        p["norm.log_sig"] = try Tensor(shape: [1, 1, 1], values: f.dataset.std.map { Foundation.log($0) })
        let net = try Network(architecture: f.architecture, dataset: f.dataset, parameters: p)
        let diff = zip(try net.forward(f.input).values, f.logits.values).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(diff, 1e-2)
    }

    /// norm.mu / norm.log_sig may be flat (C,) vectors (MODELS.md), the same per-channel values as
    /// the reference's (C, 1, 1); any other shape is a mismatch.
    func testNormalisationAcceptsAFlatChannelVectorOnly() throws {
        let f = try fixture("wideresnet_cifar")
        var p = try parameters(f)
        for key in ["norm.module.mu", "norm.module.log_sig"] {
            let t = try XCTUnwrap(p[key])
            XCTAssertEqual(t.shape, [3, 1, 1])
            p[key] = try Tensor(shape: [3], values: t.values)
        }
        let net = try Network(architecture: f.architecture, dataset: f.dataset, parameters: p)
        assertLogitsMatch(try net.forward(f.input), f, "flat norm vectors")
        for shape in [[1, 3, 1, 1], [3, 1], [1, 3]] {
            var q = p
            q["norm.module.mu"] = try Tensor(shape: shape, values: try XCTUnwrap(p["norm.module.mu"]).values)
            let result = mismatch { try Network(architecture: f.architecture, dataset: f.dataset, parameters: q) }
            XCTAssertEqual(result?.shapes.map(\.key), ["norm.module.mu"], "\(shape)")
        }
    }

    func testUnreadableFileIsACheckpointError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-not-a-checkpoint.pt")
        try Data("hello".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try Network.load(architecture: "LeNet", dataset: "mnist", checkpoint: url)) {
            XCTAssertTrue($0 is CheckpointError, "\($0)")
        }
    }
}
