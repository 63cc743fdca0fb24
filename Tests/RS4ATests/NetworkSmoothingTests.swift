import XCTest
import RS4A

/// Smoothing with the network engine on the shipped demo model.
final class NetworkSmoothingTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../ckpts/demo")

    func testCleanNoiseGivesTheNetworksOwnPrediction() throws {
        let net = try Network.load(architecture: "LeNet", dataset: "mnist",
                                   checkpoint: root.appendingPathComponent("lenet_digits_uniform_050.pt"))
        // Eight held-out digits; the .npy body is the last 8·784 float32 values of the file.
        let data = try Data(contentsOf: root.appendingPathComponent("examples.npy"))
        let floats = data.suffix(8 * 784 * 4).withUnsafeBytes { raw in
            (0..<(8 * 784)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        let clean = try Network.argmax(net.forward(Tensor(shape: [8, 1, 28, 28], values: floats)))
        let probs = try smoothPredictHard(net, floats, noise: try CleanNoise(dim: 784), samples: 40, options: smoothing())
        XCTAssertEqual(probs.map { row in row.firstIndex(of: 1.0) }, clean.map { Optional($0) })
        // Uniform σ = 0.5 (the noise it was trained with): most inputs are certified.
        let results = try certify(net, floats, noise: try UniformNoise(dim: 784, sigma: 0.5), n0: 32, n: 500,
                                  alpha: 0.001, adv: 1, options: smoothing())
        XCTAssertGreaterThanOrEqual(results.filter { $0.predictedClass != nil }.count, 6)
    }
}
