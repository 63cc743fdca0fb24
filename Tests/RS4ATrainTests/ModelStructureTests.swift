import Foundation
import RS4ANet
import RS4ATrain
import XCTest

/// The trainable reference-size models write exactly PyTorch's state-dict keys, in PyTorch's
/// order, with PyTorch's shapes (Tests/Fixtures/networks/full_size_keys.json, from torch), and
/// initialise as the reference does (distributions checked by their moments).
final class ModelStructureTests: XCTestCase {
    func testReferenceSizeModelsHaveTorchKeysOrderAndShapes() throws {
        let url = TrainingFixtures.directory.deletingLastPathComponent().appendingPathComponent("networks/full_size_keys.json")
        let specs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [[Any]]])
        XCTAssertEqual(specs.count, 9)
        for (name, entries) in specs.sorted(by: { $0.key < $1.key }) {
            let parts = name.split(separator: "/").map(String.init)
            let model = try TrainableModel(name: parts[0], dataset: parts[1], seed: 1)
            let sd = try model.stateDict()
            let expectedKeys = try entries.map { try XCTUnwrap($0[0] as? String) }
            XCTAssertEqual(sd.keys, expectedKeys, "\(name): keys and order")
            for entry in entries {
                let key = try XCTUnwrap(entry[0] as? String)
                XCTAssertEqual(sd[key]?.shape, try XCTUnwrap(entry[1] as? [Int]), "\(name) \(key)")
            }
        }
    }

    private func moments(_ v: [Float]) -> (mean: Double, sd: Double, maxAbs: Double) {
        var sum = 0.0, sumSquares = 0.0, maxAbs = 0.0
        for x in v {
            let d = Double(x)
            sum += d
            sumSquares += d * d
            maxAbs = max(maxAbs, abs(d))
        }
        let n = Double(v.count), mean = sum / n
        return (mean, (sumSquares / n - mean * mean).squareRoot(), maxAbs)
    }

    private func parameter(_ model: TrainableModel, _ name: String) throws -> [Float] {
        try XCTUnwrap(model.parameters.first { $0.name == name }?.value, name)
    }

    func testInitialisationLaws() throws {
        // WRN: conv ~ N(0, 2/(k²·out)); BN weight 1, bias 0; fc bias 0.
        let wrn = try TrainableModel(name: "WideResNet", dataset: "cifar", seed: 3)
        let w = try parameter(wrn, "model.module.block3.layer.1.conv1.weight")  // 128·128·9 values
        let m = moments(w)
        let wrnSD: Double = (2.0 / 1152.0).squareRoot()  // k²·out = 9·128
        XCTAssertEqual(m.sd, wrnSD, accuracy: 0.02 * wrnSD)
        XCTAssertEqual(m.mean, 0, accuracy: 0.02 * m.sd)
        XCTAssertTrue(try parameter(wrn, "model.module.fc.bias").allSatisfy { $0 == 0 })
        XCTAssertTrue(try parameter(wrn, "model.module.bn1.weight").allSatisfy { $0 == 1 })
        // CIFAR ResNet: kaiming_normal_ fan_in on convolutions and the linear layer.
        let resnet = try TrainableModel(name: "ResNet", dataset: "cifar", seed: 3)
        let c = moments(try parameter(resnet, "model.module.layer3.5.conv2.weight"))  // fan_in 576
        let resSD: Double = (2.0 / 576.0).squareRoot()
        XCTAssertEqual(c.sd, resSD, accuracy: 0.03 * resSD)
        // LeNet: torch defaults, U(±1/√fan_in) for weights and biases.
        let lenet = try TrainableModel(name: "LeNet", dataset: "mnist", seed: 3)
        let fc1 = moments(try parameter(lenet, "model.fc1.weight"))  // fan_in 400, 48000 values
        let bound: Double = 0.05  // 1/√400
        let uniformSD: Double = bound / 3.0.squareRoot()
        XCTAssertLessThanOrEqual(fc1.maxAbs, bound)
        XCTAssertEqual(fc1.sd, uniformSD, accuracy: 0.02 * uniformSD)
        let b = moments(try parameter(lenet, "model.conv2.bias"))  // fan_in 150
        let biasBound: Double = 1 / 150.0.squareRoot()
        XCTAssertLessThanOrEqual(b.maxAbs, biasBound)
        XCTAssertGreaterThan(b.maxAbs, 0)
    }

    func testBadSizesThrowTypedErrors() {
        XCTAssertThrowsError(try TrainableModel(architecture: .wideResNet(WideResNetConfig(depth: 11)), dataset: .cifar)) {
            XCTAssertTrue($0 is TrainError)
        }
        XCTAssertThrowsError(try TrainableModel(architecture: .leNet, dataset: DatasetInfo.mnist.withImageSize(height: 8, width: 8)))
        XCTAssertThrowsError(try TrainableModel(architecture: .alexNet(AlexNetConfig()), dataset: TrainingData.digits16Info))
    }
}
