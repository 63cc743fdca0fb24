// The fast convolution path (Winograd F(2×2, 3×3) for 3×3 stride-1 layers) against the
// straightforward im2col + GEMM path on the same weights and inputs. The PyTorch fixtures
// (NetworkParityTests) already run the fast path; these cases add odd and non-square feature
// maps, tile rows that are not a multiple of the 8-wide vector loop, and several chunk sizes.
import RS4ANet
import XCTest

final class ConvolutionAlgorithmParityTests: XCTestCase {
    /// Winograd against im2col (see assertFastPathAgrees).
    private func assertPathsAgree(_ net: Network, batch: Int, _ label: String) throws {
        XCTAssertEqual(net.using(.im2col).convolutionAlgorithm, .im2col)
        try assertFastPathAgrees(net, batch: batch, seed: 7, untakenIfEqualTo: .im2col, label)
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
