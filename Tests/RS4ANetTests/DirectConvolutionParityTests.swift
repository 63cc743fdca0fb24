// The direct convolution kernels (`.automatic` on LeNet's layers and the CIFAR networks' RGB input
// layers) against the straightforward im2col + GEMM path on the same weights and inputs, at the
// network level. Tests/KernelTests/test_direct_conv.c checks the kernels themselves on a sweep of
// shapes against a double-precision reference; the PyTorch fixtures (NetworkParityTests) also run
// this path. `make test-swift` runs this file a second time with RS4A_DIRECT_CONV_ISA=avx2, so
// both the AVX-512 and the AVX2 kernels are covered on AVX-512 machines.
import RS4ANet
import XCTest

final class DirectConvolutionParityTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipIf(DirectKernels.vectorWidth == 0, "no AVX2 + FMA on this CPU: .automatic uses GEMMs only")
    }

    /// LeNet's blocks: 1 → 6 channels on the spatial strategy, 6 → 16 on the channel strategy,
    /// pooled in the kernels' epilogue except the 30×30 network's odd 11×11 map (unpooled kernel,
    /// then the max-pool layer). Bit-identical logits with `.gemm` would mean the kernels never ran.
    func testLeNetNetworks() throws {
        for c in try leNetParityCases() {
            try assertFastPathAgrees(c.net, batch: c.batch, seed: 17, untakenIfEqualTo: .gemm, c.label)
        }
    }

    func testCIFARResNetInputLayer() throws {
        // The 3 → 16 3×3 input layer runs direct (unpooled, with the folded BatchNorm and ReLU);
        // the 16-channel layers after it run Winograd.
        let net = try Network(architecture: .cifarResNet(CIFARResNetConfig(blocksPerStage: 1)),
                              dataset: .cifar, randomSeed: 5, threads: 2)
        try assertFastPathAgrees(net, batch: 9, seed: 17, untakenIfEqualTo: .gemm, "ResNet-8 CIFAR")
    }

    func testNaNPixelOnlyPoisonsItsImage() throws {
        // NaN in image 1 reaches all its logits through conv, pool and ReLU; images 0 and 2 are unaffected.
        let net = try Network(architecture: .leNet, dataset: .mnist, randomSeed: 4, threads: 1)
        var values = noisyImages(3 * 784, seed: 13)
        values[784 + 400] = .nan
        let logits = try net.forward(try Tensor(shape: [3, 1, 28, 28], values: values)).values
        XCTAssertTrue(logits[10..<20].allSatisfy(\.isNaN))
        XCTAssertFalse(logits[0..<10].contains { $0.isNaN } || logits[20..<30].contains { $0.isNaN })
        let reference = try net.using(.im2col).forward(try Tensor(shape: [3, 1, 28, 28], values: values)).values
        for i in Array(0..<10) + Array(20..<30) {
            XCTAssertEqual(logits[i], reference[i], accuracy: 1e-4 * max(1, abs(reference[i])), "logit \(i)")
        }
    }
}
