// The fast convolution path (Winograd F(2×2, 3×3) for 3×3 stride-1 layers) against the
// straightforward im2col + GEMM path on the same weights and inputs. The PyTorch fixtures
// (NetworkParityTests) already run the fast path; these cases add odd and non-square feature
// maps, tile rows that are not a multiple of the 8-wide vector loop, and several chunk sizes.
import RS4ANet
import XCTest

final class ConvolutionAlgorithmParityTests: XCTestCase {
    /// Uniform pixels in [0, 1) plus Gaussian-like noise (sum of uniforms), from a fixed LCG.
    private func noisyImages(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        func uniform() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        return (0..<count).map { _ in uniform() + 0.5 * (uniform() + uniform() + uniform() - 1.5) }
    }

    /// Logits of both paths agree to 1e-4 of the logit scale, like the PyTorch fixtures: both are
    /// Float32 computations of the same function whose roundings differ (the Winograd transforms
    /// add a few additions with ±1 and ½ coefficients per output; the observed differences are
    /// ~10⁻⁶ of the scale). A wrong tile offset, a lost edge column or a transposed filter changes
    /// logits by O(1) of the scale. The argmax must agree too.
    private func assertPathsAgree(_ net: Network, batch: Int, _ label: String) throws {
        let x = try Tensor(shape: [batch] + net.inputShape,
                           values: noisyImages(batch * net.inputShape.reduce(1, *), seed: 7))
        let fast = try net.forward(x)
        let reference = try net.using(.im2col).forward(x)
        XCTAssertEqual(net.convolutionAlgorithm, .automatic)
        XCTAssertEqual(net.using(.im2col).convolutionAlgorithm, .im2col)
        let scale = reference.values.map(abs).max() ?? 0
        XCTAssertGreaterThan(scale, 0, label)
        let diff = zip(fast.values, reference.values).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(diff, 1e-4 * scale, "\(label): max |Δlogit| = \(diff), max |logit| = \(scale)")
        XCTAssertEqual(Network.argmax(fast), Network.argmax(reference), "\(label): argmax")
        // The two paths really differ (bit-identical logits would mean the fast path never ran).
        XCTAssertNotEqual(fast.values, reference.values, "\(label): the fast path was not taken")
    }

    func testWideResNetOnNonSquareImagesWithOddMaps() throws {
        // 36×44 → 18×22 → 9×11 (odd height and width); 22 and 11 tiles per row (vector loop + tail).
        let dataset = try DatasetInfo.cifar.withImageSize(height: 36, width: 44)
        let net = try Network(architecture: .wideResNet(WideResNetConfig(depth: 10, widenFactor: 2)),
                              dataset: dataset, randomSeed: 3, threads: 2)
        try assertPathsAgree(net, batch: 5, "WRN-10-2 36×44")
    }

    func testCIFARResNetAtFullResolution() throws {
        // 16-channel stage (the smallest Winograd layer), 32×32 / 16×16 / 8×8, a batch that spans
        // several chunks of tile rows.
        let net = try Network(architecture: .cifarResNet(CIFARResNetConfig(blocksPerStage: 2)),
                              dataset: .cifar, randomSeed: 5, threads: 1)
        try assertPathsAgree(net, batch: 40, "ResNet-14 CIFAR")
    }

    func testImageNetResNetWithOddFeatureMaps() throws {
        // Stem 36 → 18, max-pool → 9×9 (odd), then 5×5, 3×3, 2×2: 16–128 channels.
        let dataset = try DatasetInfo.imagenet.withImageSize(height: 36, width: 36).withClasses(7)
        let config = ImageNetResNetConfig(layers: [1, 1, 1, 1], bottleneck: false, width: 16)
        let net = try Network(architecture: .imageNetResNet(config), dataset: dataset, randomSeed: 11, threads: 2)
        try assertPathsAgree(net, batch: 3, "ResNet-10 (basic, width 16) 36×36")
    }

    /// Networks without Winograd layers (5×5 convolutions, no convolutions) give bit-identical
    /// logits on the GEMM and im2col paths (LeNet's fused conv–pool blocks are exact;
    /// FusedConvPoolParityTests). `.automatic` runs LeNet on the direct kernels instead
    /// (DirectConvolutionParityTests).
    func testNetworksWithoutWinogradLayersAreUnchanged() throws {
        for (architecture, dataset) in [(Architecture.leNet, DatasetInfo.mnist), (.mlp(MLPConfig(hidden: [32, 16])), .mnist)] {
            let net = try Network(architecture: architecture, dataset: dataset, randomSeed: 2, threads: 1)
            let x = try Tensor(shape: [4] + net.inputShape, values: noisyImages(4 * net.inputShape.reduce(1, *), seed: 1))
            XCTAssertEqual(try net.using(.gemm).forward(x), try net.using(.im2col).forward(x), "\(architecture.referenceName)")
        }
    }
}
