import Foundation
import RS4ANet
import RS4ATrain
import XCTest

/// The checkpoint the trainer writes loads with RS4ANet's CheckpointLoader into its inference
/// Network and gives the trainer's eval-mode logits, after training steps changed the weights and
/// BatchNorm running statistics; and loads back into a TrainableModel bit for bit.
///
/// Tolerance: the inference engine folds BatchNorm into the convolutions (in Double) and sums in
/// another order, so logits agree to Float32 rounding of the accumulated magnitudes:
/// |Δ| ≤ 1e-4·(1 + max|logit|).
final class CheckpointRoundTripTests: XCTestCase {
    private func roundTrip(_ model: TrainableModel, batch: Int = 4, file: StaticString = #filePath, line: UInt = #line) throws {
        var source = RandomStreamSource(seed: 5)
        let shape = [batch] + model.dataset.inputShape
        let x = Blob(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in source.uniform() })
        let labels = (0..<batch).map { $0 % model.dataset.classes }
        let sgd = SGDOptimizer(learningRate: 0.05)
        for _ in 0..<2 { TrainingStep.crossEntropy(model: model, optimizer: sgd, x: x, labels: labels) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-train-\(UUID().uuidString).torch")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let stateDict = try CheckpointLoader.load(contentsOf: url)
        let network = try Network(architecture: model.architecture, dataset: model.dataset, stateDict: stateDict)
        let expected = model.forward(x, mode: .eval)
        let logits = try network.forward(Tensor(shape: shape, values: x.data))
        XCTAssertEqual(logits.shape, expected.shape, file: file, line: line)
        let scale = 1 + expected.data.reduce(0) { max($0, abs($1)) }
        for i in expected.data.indices {
            XCTAssertEqual(logits.values[i], expected.data[i], accuracy: 1e-4 * scale, "logit \(i)", file: file, line: line)
        }
        let reloaded = try TrainableModel(architecture: model.architecture, dataset: model.dataset, seed: 99)
        try reloaded.load(stateDict)
        let a = try model.stateDict(), b = try reloaded.stateDict()
        XCTAssertEqual(a.keys, b.keys, file: file, line: line)
        for key in a.keys where !key.hasSuffix("num_batches_tracked") {
            XCTAssertEqual(try a[key]?.floatValues(), try b[key]?.floatValues(), key, file: file, line: line)
        }
        XCTAssertEqual(try b.entries.first { $0.0.hasSuffix("num_batches_tracked") }.map { try $0.1.int64Values() }
                           ?? [2], [2], "num_batches_tracked counts the two steps", file: file, line: line)
    }

    func testLeNetAndFlatModels() throws {
        try roundTrip(TrainableModel(architecture: .leNet, dataset: .mnist))
        try roundTrip(TrainableModel(architecture: .mlp(MLPConfig(hidden: [32, 16])), dataset: .mnist))
        try roundTrip(TrainableModel(architecture: .linear, dataset: .svhn))
    }

    func testResidualNetworks() throws {
        try roundTrip(TrainableModel(architecture: .cifarResNet(CIFARResNetConfig(blocksPerStage: 1)), dataset: .cifar))
        try roundTrip(TrainableModel(architecture: .wideResNet(WideResNetConfig(depth: 10, widenFactor: 2)), dataset: .cifar))
        let small = try DatasetInfo.imagenet.withImageSize(height: 64, width: 64).withClasses(10)
        try roundTrip(TrainableModel(architecture: .imageNetResNet(ImageNetResNetConfig(layers: [1, 1, 1, 1], width: 8)), dataset: small))
        try roundTrip(TrainableModel(architecture: .imageNetResNet(ImageNetResNetConfig(layers: [1, 2, 1, 1], bottleneck: false, width: 8)),
                                     dataset: small))
    }

    func testAlexNet() throws {
        try roundTrip(TrainableModel(architecture: .alexNet(AlexNetConfig(channels: [8, 8, 8, 8, 8], hidden: 16)), dataset: .cifar))
    }
}

/// Uniform [0, 1) test inputs from a seeded stream.
struct RandomStreamSource {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func uniform() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24)
    }
}
