// Registry, input validation, argmax and concurrent use of one model.
import Dispatch
import Foundation
import RS4ANet
import XCTest

final class NetworkInterfaceTests: XCTestCase {
    func testUnknownModelListsKnownPairs() {
        for (arch, data) in [("VGG", "cifar"), ("ResNet", "mnist"), ("LeNet", "cifar100")] {
            XCTAssertThrowsError(try ModelRegistry.resolve(architecture: arch, dataset: data)) { error in
                guard case let NetError.unknownModel(a, d, known) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(a, arch)
                XCTAssertEqual(d, data)
                XCTAssertTrue(known.contains("ResNet/cifar") && known.contains("WideResNet/cifar") && known.contains("LeNet/mnist"))
                XCTAssertTrue("\(error)".contains("known models: ResNet/imagenet"), "\(error)")
            }
        }
    }

    func testReferenceModelsHaveReferenceShapes() throws {
        let cases: [(String, String, Architecture, [Int], Int)] = [
            ("ResNet", "cifar", .cifarResNet(CIFARResNetConfig(blocksPerStage: 18)), [3, 32, 32], 10),
            ("ResNet", "ds-imagenet", .cifarResNet(CIFARResNetConfig(blocksPerStage: 18)), [3, 32, 32], 10),
            ("ResNet", "imagenet", .imageNetResNet(.resnet50), [3, 224, 224], 1000),
            ("WideResNet", "cifar", .wideResNet(WideResNetConfig(depth: 40, widenFactor: 2)), [3, 32, 32], 10),
            ("WideResNet", "ds-imagenet", .wideResNet(WideResNetConfig()), [3, 32, 32], 1000),
            ("LeNet", "mnist", .leNet, [1, 28, 28], 10),
            ("LeNet", "cifar", .leNet, [3, 32, 32], 10),
            ("AlexNet", "cifar", .alexNet(AlexNetConfig()), [3, 32, 32], 10),
            ("MLP", "fashion", .mlp(MLPConfig(hidden: [2048, 512])), [1, 28, 28], 10),
            ("LinearModel", "svhn", .linear, [3, 32, 32], 10),
        ]
        for (name, data, arch, shape, classes) in cases {
            let (a, d) = try ModelRegistry.resolve(architecture: name, dataset: data)
            XCTAssertEqual(a, arch, "\(name)/\(data)")
            XCTAssertEqual(d.inputShape, shape, "\(name)/\(data)")
            XCTAssertEqual(d.classes, classes, "\(name)/\(data)")
        }
    }

    func testRandomReferenceModelsRun() throws {
        for (name, data) in [("ResNet", "cifar"), ("WideResNet", "cifar"), ("LeNet", "mnist"), ("LeNet", "svhn"),
                             ("AlexNet", "cifar"), ("MLP", "mnist"), ("LinearModel", "cifar"), ("ResNet18", "imagenet")] {
            let net = try ModelRegistry.makeRandom(architecture: name, dataset: data, seed: 7, threads: 2)
            let x = try Tensor(shape: [2] + net.inputShape, repeating: 0.5)
            let y = try net.forward(x)
            XCTAssertEqual(y.shape, [2, net.classes], "\(name)/\(data)")
            XCTAssertTrue(y.values.allSatisfy(\.isFinite), "\(name)/\(data)")
        }
    }

    func testWrongInputShapeIsTyped() throws {
        let net = try ModelRegistry.makeRandom(architecture: "LeNet", dataset: "mnist")
        for shape in [[2, 3, 28, 28], [2, 1, 32, 32], [1, 28, 28], [2, 1, 28, 28, 1]] {
            XCTAssertThrowsError(try net.forward(try Tensor(shape: shape, repeating: 0))) { error in
                XCTAssertEqual(error as? NetError, .invalidInputShape(expected: "N×1×28×28", found: shape))
            }
        }
        let input = [Float](repeating: 0, count: 784 * 2)
        var output = [Float](repeating: 0, count: 10)
        XCTAssertThrowsError(try input.withUnsafeBufferPointer { x in
            try output.withUnsafeMutableBufferPointer { try net.forward(x, batch: 2, into: $0) }
        }) { XCTAssertEqual($0 as? NetError, .invalidBufferSize(name: "output", expected: 20, found: 10)) }
        XCTAssertThrowsError(try input.withUnsafeBufferPointer { x in
            try output.withUnsafeMutableBufferPointer { try net.forward(x, batch: Int.max / 2, into: $0) }
        }) {
            guard case NetError.invalidParameter(name: "batch", _) = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try Tensor(shape: [1 << 40, 1 << 40], repeating: 0)) {
            guard case NetError.invalidParameter(name: "shape", _) = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try Tensor(shape: [2, 3], values: [1, 2])) {
            XCTAssertEqual($0 as? NetError, .invalidBufferSize(name: "values", expected: 6, found: 2))
        }
    }

    /// The buffer entry point (used by the C ABI) gives exactly the Tensor entry point's logits.
    func testBufferForwardEqualsTensorForward() throws {
        let fixture = try XCTUnwrap(try NetworkFixture.load().first { $0.name == "alexnet_cifar" })
        let net = try Network.load(architecture: fixture.architecture, dataset: fixture.dataset,
                                   checkpoint: fixture.checkpoint("legacy"), threads: 2)
        let n = fixture.input.shape[0]
        var output = [Float](repeating: .nan, count: n * net.classes)
        try fixture.input.values.withUnsafeBufferPointer { x in
            try output.withUnsafeMutableBufferPointer { try net.forward(x, batch: n, into: $0) }
        }
        XCTAssertEqual(output, try net.forward(fixture.input).values)
        assertLogitsMatch(try Tensor(shape: [n, net.classes], values: output), fixture, "buffer forward")
    }

    func testEmptyBatchGivesEmptyLogits() throws {
        let net = try ModelRegistry.makeRandom(architecture: "LinearModel", dataset: "mnist")
        XCTAssertEqual(try net.forward(try Tensor(shape: [0, 1, 28, 28], repeating: 0)).shape, [0, 10])
    }

    func testInvalidConfigurationsAreTyped() throws {
        let cifar = DatasetInfo.cifar
        let bad: [(Architecture, DatasetInfo, Int, String)] = [
            (.wideResNet(WideResNetConfig(depth: 41)), cifar, 1, "depth"),
            (.cifarResNet(CIFARResNetConfig(blocksPerStage: 0)), cifar, 1, "blocksPerStage"),
            (.imageNetResNet(ImageNetResNetConfig(layers: [1, 1, 1])), .imagenet, 1, "layers"),
            (.alexNet(AlexNetConfig(channels: [1, 2])), cifar, 1, "channels"),
            (.mlp(MLPConfig(hidden: [0, 3])), cifar, 1, "hidden"),
            (.linear, cifar, 0, "threads"),
            (.imageNetResNet(ImageNetResNetConfig(bottleneck: false, groups: 2)), .imagenet, 1, "groups"),
        ]
        for (arch, data, threads, parameter) in bad {
            XCTAssertThrowsError(try Network(architecture: arch, dataset: data, randomSeed: 0, threads: threads)) { error in
                guard case let NetError.invalidParameter(name, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(name, parameter)
            }
        }
        // Image sizes the architecture cannot take (AlexNet needs a 2×2 final map, i.e. 32×32 inputs).
        XCTAssertThrowsError(try Network(architecture: .alexNet(AlexNetConfig(channels: [4, 4, 4, 4, 4], hidden: 8)),
                                         dataset: try cifar.withImageSize(height: 64, width: 64), randomSeed: 0)) {
            guard case NetError.invalidInputShape = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try DatasetInfo.named("cifar100")) {
            XCTAssertTrue("\($0)".contains("known: cifar, imagenet"), "\($0)")
        }
    }

    func testArgmaxTakesFirstMaximum() throws {
        let logits = try Tensor(shape: [3, 3], values: [1, 3, 3, -1, -2, -3, 0, 0, 5])
        XCTAssertEqual(Network.argmax(logits), [1, 0, 2])
    }

    /// One model, several threads calling forward at once: results identical to serial calls.
    func testConcurrentForwardMatchesSerial() throws {
        let fixture = try XCTUnwrap(try NetworkFixture.load().first { $0.name == "wideresnet_cifar" })
        let net = try Network.load(architecture: fixture.architecture, dataset: fixture.dataset,
                                   checkpoint: fixture.checkpoint("zip"), threads: 2)
        // Different inputs per caller: the fixture batch scaled by caller-specific factors.
        let inputs = try (0..<6).map { i in
            try Tensor(shape: fixture.input.shape, values: fixture.input.values.map { $0 * (1 + Float(i) / 10) })
        }
        let serial = try inputs.map { try net.forward($0) }
        let results = ResultBox(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count * 3) { i in
            let k = i % inputs.count
            results.set(k, try? net.forward(inputs[k]), round: i / inputs.count)
        }
        for k in 0..<inputs.count {
            for round in 0..<3 { XCTAssertEqual(results.get(k, round: round), serial[k], "caller \(k), round \(round)") }
        }
    }
}

/// Thread-safe collection of results for the concurrency test.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[Int: Tensor]]

    init(count: Int) { values = Array(repeating: [:], count: count) }

    func set(_ k: Int, _ t: Tensor?, round: Int) {
        lock.lock()
        values[k][round] = t
        lock.unlock()
    }

    func get(_ k: Int, round: Int) -> Tensor? {
        lock.lock()
        defer { lock.unlock() }
        return values[k][round]
    }
}
