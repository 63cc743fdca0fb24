// The direct convolution kernels (`.automatic` on LeNet's layers and the CIFAR networks' RGB input
// layers) against the straightforward im2col + GEMM path on the same weights and inputs, at the
// network level. Tests/KernelTests/test_direct_conv.c checks the kernels themselves on a sweep of
// shapes against a double-precision reference; the PyTorch fixtures (NetworkParityTests) also run
// this path. `make test-swift` runs this file a second time with RS4A_DIRECT_CONV_ISA=avx2, so
// both the AVX-512 and the AVX2 kernels are covered on AVX-512 machines.
import RS4ANet
import XCTest

final class DirectConvolutionParityTests: XCTestCase {
    /// Uniform pixels in [0, 1) plus Gaussian-like noise (sum of uniforms), from a fixed LCG.
    private func noisyImages(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        func uniform() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        return (0..<count).map { _ in uniform() + 0.5 * (uniform() + uniform() + uniform() - 1.5) }
    }

    override func setUpWithError() throws {
        try XCTSkipIf(DirectKernels.vectorWidth == 0, "no AVX2 + FMA on this CPU: .automatic uses GEMMs only")
    }

    /// Logits agree to 1e-4 of the logit scale and the argmax agrees, as for Winograd: both paths
    /// compute the same Float32 function with sums in a different order (observed differences
    /// are ~10⁻⁶ of the scale). A wrong tap, channel block, pixel block or pooled window changes
    /// logits by O(1) of the scale. The logits must also differ from the GEMM path's somewhere,
    /// or the direct kernels did not run.
    private func assertDirectAgrees(_ net: Network, batch: Int, _ label: String) throws {
        let x = try Tensor(shape: [batch] + net.inputShape,
                           values: noisyImages(batch * net.inputShape.reduce(1, *), seed: 17))
        let direct = try net.forward(x)
        let reference = try net.using(.im2col).forward(x)
        let scale = reference.values.map(abs).max() ?? 0
        XCTAssertGreaterThan(scale, 0, label)
        let diff = zip(direct.values, reference.values).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(diff, 1e-4 * scale, "\(label): max |Δlogit| = \(diff), max |logit| = \(scale)")
        XCTAssertEqual(Network.argmax(direct), Network.argmax(reference), "\(label): argmax")
        XCTAssertNotEqual(direct.values, try net.using(.gemm).forward(x).values, "\(label): direct kernels not taken")
    }

    func testLeNetMNISTOverSeveralSubBatchesAndThreads() throws {
        // 1 → 6 channels on 28×28 (spatial strategy, pooled), 6 → 16 on 14×14 (channel strategy, pooled).
        let net = try Network(architecture: .leNet, dataset: .mnist, randomSeed: 4, threads: 2)
        try assertDirectAgrees(net, batch: 203, "LeNet MNIST, 203 images")
    }

    func testLeNetCIFARThreeChannels() throws {
        let net = try Network(architecture: .leNet, dataset: .cifar, randomSeed: 9, threads: 1)
        try assertDirectAgrees(net, batch: 7, "LeNet CIFAR")
    }

    func testLeNetOnOddMapsPoolsOutsideTheKernel() throws {
        // 30 → 30 → 15 → 11: the second block's 11×11 map cannot be pooled in the kernel's epilogue;
        // the kernel writes the unpooled map and the max-pool layer runs after it.
        let dataset = try DatasetInfo.mnist.withImageSize(height: 30, width: 30)
        let net = try Network(architecture: .leNet, dataset: dataset, randomSeed: 6, threads: 1)
        try assertDirectAgrees(net, batch: 5, "LeNet 30×30")
    }

    func testCIFARResNetInputLayer() throws {
        // The 3 → 16 3×3 input layer runs direct (unpooled, with the folded BatchNorm and ReLU);
        // the 16-channel layers after it run Winograd.
        let net = try Network(architecture: .cifarResNet(CIFARResNetConfig(blocksPerStage: 1)),
                              dataset: .cifar, randomSeed: 5, threads: 2)
        try assertDirectAgrees(net, batch: 9, "ResNet-8 CIFAR")
    }

    func testNaNPixelOnlyPoisonsItsImage() throws {
        // NaN in image 1 reaches all its logits through conv, pool and ReLU; images 0 and 2 are unaffected.
        let net = try Network(architecture: .leNet, dataset: .mnist, randomSeed: 4, threads: 1)
        var values = noisyImages(3 * 784, seed: 13)
        values[784 + 400] = .nan
        let logits = try net.forward(try Tensor(shape: [3, 1, 28, 28], values: values)).values
        XCTAssertTrue(logits[10..<20].allSatisfy(\.isNaN))
        XCTAssertFalse(logits[0..<10].contains { $0.isNaN } || logits[20..<30].contains { $0.isNaN })
        let clean = try net.using(.im2col).forward(try Tensor(shape: [3, 1, 28, 28], values: values)).values
        for i in Array(0..<10) + Array(20..<30) {
            XCTAssertEqual(logits[i], clean[i], accuracy: 1e-4 * max(1, abs(clean[i])), "logit \(i)")
        }
    }
}
