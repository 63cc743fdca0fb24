// Every architecture against PyTorch: logits of the fixture batch, from both checkpoint formats.
import Foundation
import RS4ANet
import XCTest

final class NetworkParityTests: XCTestCase {
    func testFixturesCoverEveryArchitecture() throws {
        let names = Set(try NetworkFixture.load().map { $0.architecture.referenceName })
        XCTAssertEqual(names, ["ResNet", "WideResNet", "LeNet", "AlexNet", "MLP", "LinearModel"])
    }

    func testLogitsMatchPyTorchForBothFormats() throws {
        let fixtures = try NetworkFixture.load()
        XCTAssertEqual(fixtures.count, 11)
        for fixture in fixtures {
            for format in ["zip", "legacy"] {
                let net = try Network.load(
                    architecture: fixture.architecture, dataset: fixture.dataset,
                    checkpoint: fixture.checkpoint(format), threads: 2)
                assertLogitsMatch(try net.forward(fixture.input), fixture, "\(fixture.name) (\(format))")
                XCTAssertEqual(try net.predict(fixture.input), fixture.argmax, "\(fixture.name) (\(format)) predict")
            }
        }
    }

    /// Splitting the batch differently (1 worker, one image per worker) must not change the logits
    /// beyond summation-order noise.
    func testThreadCountDoesNotChangeLogits() throws {
        for fixture in try NetworkFixture.load() {
            let stateDict = try CheckpointLoader.load(contentsOf: fixture.checkpoint("zip"))
            for threads in [1, 3] {
                let net = try Network(
                    architecture: fixture.architecture, dataset: fixture.dataset, stateDict: stateDict, threads: threads)
                assertLogitsMatch(try net.forward(fixture.input), fixture, "\(fixture.name), \(threads) threads")
            }
        }
    }

    /// Images are independent: the logits of one image alone equal its row in the batch.
    func testSingleImageEqualsItsBatchRow() throws {
        let fixture = try XCTUnwrap(try NetworkFixture.load().first { $0.name == "resnet_imagenet_bottleneck" })
        let net = try Network.load(architecture: fixture.architecture, dataset: fixture.dataset,
                                   checkpoint: fixture.checkpoint("zip"))
        let perImage = fixture.input.count / fixture.input.shape[0]
        let second = try Tensor(shape: [1] + Array(fixture.input.shape[1...]),
                                values: Array(fixture.input.values[perImage..<(2 * perImage)]))
        let row = try net.forward(second).values
        let k = fixture.logits.shape[1]
        let expected = Array(fixture.logits.values[k..<(2 * k)])
        let scale = fixture.logits.values.map(abs).max() ?? 0
        for (a, b) in zip(row, expected) { XCTAssertEqual(a, b, accuracy: 1e-4 * scale) }
    }

    /// Full-size torchvision ResNet-50 and ResNet-18; runs only when `make_network_fixtures.py --full-size`
    /// has written Tests/Fixtures/networks/large (about 300 MB, not committed).
    func testFullSizeTorchvisionResNetsWhenPresent() throws {
        let dir = NetworkFixture.directory.appendingPathComponent("large")
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("manifest.json").path) else {
            throw XCTSkip("no full-size ResNet fixtures (run make_network_fixtures.py --full-size)")
        }
        let fixtures = try NetworkFixture.load(in: dir)
        XCTAssertEqual(fixtures.map(\.architecture), [.imageNetResNet(.resnet18), .imageNetResNet(.resnet50)])
        for fixture in fixtures {
            for format in ["zip", "legacy"] {
                let net = try Network.load(architecture: fixture.architecture, dataset: fixture.dataset,
                                           checkpoint: fixture.checkpoint(format, in: dir), threads: 2)
                assertLogitsMatch(try net.forward(fixture.input), fixture, "\(fixture.name) (\(format))")
            }
        }
    }
}

extension NetworkParityTests {
    /// A large batch (the fixture images repeated) goes through several sub-batches and im2col
    /// tiles that cross image boundaries; every row must still match its image's PyTorch logits.
    func testLargeBatchMatchesFixtureRows() throws {
        for name in ["resnet_imagenet_bottleneck", "lenet_cifar", "wideresnet_cifar"] {
            let fixture = try XCTUnwrap(try NetworkFixture.load().first { $0.name == name })
            let repeats = 30
            let n = fixture.input.shape[0]
            let big = try Tensor(shape: [n * repeats] + Array(fixture.input.shape[1...]),
                                 values: Array(repeatElement(fixture.input.values, count: repeats).joined()))
            for threads in [1, 2] {
                let net = try Network.load(architecture: fixture.architecture, dataset: fixture.dataset,
                                           checkpoint: fixture.checkpoint("zip"), threads: threads)
                let logits = try net.forward(big)
                let k = fixture.logits.shape[1]
                let scale = fixture.logits.values.map(abs).max() ?? 0
                var worst: Float = 0
                for i in 0..<(n * repeats) {
                    for j in 0..<k {
                        worst = max(worst, abs(logits.values[i * k + j] - fixture.logits.values[(i % n) * k + j]))
                    }
                }
                XCTAssertLessThanOrEqual(worst, 1e-4 * scale, "\(name), \(threads) threads")
            }
        }
    }
}
