// The registry's reference-size architectures declare exactly the keys and shapes PyTorch writes
// (from make_network_fixtures.py: full_size_keys.json for the reference's models,
// torchvision_resnet_keys.json for torchvision resnet18…152; values are not needed for that).
import Foundation
import RS4ANet
import XCTest

final class FullSizeKeysTests: XCTestCase {
    func testReferenceSizeModelsAcceptPyTorchKeysAndShapes() throws {
        for (file, models) in [("full_size_keys.json", 9), ("torchvision_resnet_keys.json", 5)] {
            let url = NetworkFixture.directory.appendingPathComponent(file)
            let specs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [[Any]]])
            XCTAssertEqual(specs.count, models, file)
            for (name, entries) in specs.sorted(by: { $0.key < $1.key }) {
                let parts = name.split(separator: "/").map(String.init)
                var parameters: [String: Tensor] = [:]
                for entry in entries {
                    let key = try XCTUnwrap(entry[0] as? String)
                    let shape = try XCTUnwrap(entry[1] as? [Int])
                    // Zeros, except variances of 1 so BatchNorm folding stays finite.
                    parameters[key] = try Tensor(shape: shape, repeating: key.hasSuffix("running_var") ? 1 : 0)
                }
                let (architecture, dataset) = try ModelRegistry.resolve(architecture: parts[0], dataset: parts[1])
                XCTAssertNoThrow(
                    try Network(architecture: architecture, dataset: dataset, parameters: parameters), "\(file): \(name)")
            }
        }
    }
}
