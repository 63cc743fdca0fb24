// Reads the PyTorch reference fixtures written by scripts/fixtures/make_network_fixtures.py.
import Foundation
import RS4ANet
import XCTest

/// One fixture: an architecture built in PyTorch with fixed random weights, its input and logits.
struct NetworkFixture {
    let name: String
    let architecture: Architecture
    let dataset: DatasetInfo
    let input: Tensor
    let logits: Tensor
    let argmax: [Int]
    let keys: [String]

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/networks")

    /// All fixtures in `directory` (or a sub-directory such as "large"), by name.
    static func load(in dir: URL = directory) throws -> [NetworkFixture] {
        let data = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        return try manifest.keys.sorted().map { name in try fixture(name, manifest[name]!, dir) }
    }

    func checkpoint(_ format: String, in dir: URL = directory) -> URL {
        dir.appendingPathComponent("\(name).\(format).pt")
    }

    private static func fixture(_ name: String, _ entry: [String: Any], _ dir: URL) throws -> NetworkFixture {
        let config = entry["config"] as? [String: Any] ?? [:]
        let shape = try XCTUnwrap(entry["input_shape"] as? [Int])
        let rows = try XCTUnwrap(entry["logits"] as? [[Double]])
        var dataset = try DatasetInfo.named(try XCTUnwrap(entry["dataset"] as? String))
        dataset = try dataset.withImageSize(height: shape[2], width: shape[3]).withClasses(rows[0].count)
        let architecture = try makeArchitecture(try XCTUnwrap(entry["architecture"] as? String), config)
        let raw = try Data(contentsOf: dir.appendingPathComponent("\(name).input.f32"))
        let values = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return NetworkFixture(
            name: name, architecture: architecture, dataset: dataset,
            input: try Tensor(shape: shape, values: values),
            logits: try Tensor(shape: [rows.count, rows[0].count], values: rows.flatMap { $0.map { Float($0) } }),
            argmax: try XCTUnwrap(entry["argmax"] as? [Int]),
            keys: try XCTUnwrap(entry["keys"] as? [String]))
    }

    private static func makeArchitecture(_ name: String, _ c: [String: Any]) throws -> Architecture {
        switch name {
        case "ResNet" where c["layers"] != nil:
            return .imageNetResNet(ImageNetResNetConfig(
                layers: try XCTUnwrap(c["layers"] as? [Int]), bottleneck: try XCTUnwrap(c["bottleneck"] as? Bool),
                width: try XCTUnwrap(c["width"] as? Int), groups: c["groups"] as? Int ?? 1,
                widthPerGroup: c["width_per_group"] as? Int ?? 64))
        case "ResNet" where c["blocks_per_stage"] != nil:
            return .cifarResNet(CIFARResNetConfig(blocksPerStage: try XCTUnwrap(c["blocks_per_stage"] as? Int)))
        case "ResNet":
            return .imageNetResNet(.resnet50)
        case "ResNet18":
            return .imageNetResNet(.resnet18)
        case "WideResNet":
            return .wideResNet(WideResNetConfig(
                depth: try XCTUnwrap(c["depth"] as? Int), widenFactor: try XCTUnwrap(c["widen"] as? Int),
                baseWidth: c["base"] as? Int ?? 16))
        case "LeNet": return .leNet
        case "AlexNet":
            return .alexNet(AlexNetConfig(
                channels: try XCTUnwrap(c["channels"] as? [Int]), hidden: try XCTUnwrap(c["hidden"] as? Int)))
        case "MLP": return .mlp(MLPConfig(hidden: try XCTUnwrap(c["hidden"] as? [Int])))
        case "LinearModel": return .linear
        default:
            throw NetError.invalidParameter(name: "architecture", message: "fixture names unknown \(name)")
        }
    }
}

/// Asserts max |got − expected| ≤ 1e-4 · max |expected| and identical row argmax.
///
/// Why 1e-4 relative to the largest logit: our GEMMs (OpenBLAS, im2col over a sub-batch,
/// BatchNorm folded into weights in Double) sum in a different order than PyTorch's kernels.
/// Each fp32 dot product of length K then differs by about √K·2⁻²⁴ relative to its magnitude
/// (≈ 4·10⁻⁶ for K = 4608), and these differences propagate through ≤ 20 layers of the fixture
/// networks, giving observed differences around 10⁻⁶–10⁻⁵ of the logit scale. A wrong layout,
/// a missing BatchNorm, a misplaced ReLU or a shifted shortcut changes logits by O(1) of that scale.
func assertLogitsMatch(_ got: Tensor, _ fixture: NetworkFixture, _ label: String, file: StaticString = #filePath,
                       line: UInt = #line) {
    XCTAssertEqual(got.shape, fixture.logits.shape, label, file: file, line: line)
    guard got.shape == fixture.logits.shape else { return }
    let scale = fixture.logits.values.map(abs).max() ?? 0
    let diff = zip(got.values, fixture.logits.values).map { abs($0 - $1) }.max() ?? 0
    XCTAssertLessThanOrEqual(diff, 1e-4 * scale, "\(label): max |Δlogit| = \(diff), max |logit| = \(scale)",
                             file: file, line: line)
    XCTAssertEqual(Network.argmax(got), fixture.argmax, "\(label): argmax", file: file, line: line)
}
