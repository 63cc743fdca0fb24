// Shared inputs and checks of the convolution-path parity suites (ConvolutionAlgorithmParityTests,
// DirectConvolutionParityTests, FusedConvPoolParityTests).
import RS4ANet
import XCTest

/// Uniform pixels in [0, 1) plus Gaussian-like noise (sum of uniforms), from a fixed LCG.
func noisyImages(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    func uniform() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24)
    }
    return (0..<count).map { _ in uniform() + 0.5 * (uniform() + uniform() + uniform() - 1.5) }
}

/// The LeNet networks both LeNet suites run: MNIST over several sub-batches and threads (28 → 28
/// → 14 → 10 → 5: one input channel, a 5×5 final map, odd width into Flatten), CIFAR (32 → 32 →
/// 16 → 12 → 6, three input channels) and 30×30 (30 → 30 → 15 → 11: the second block's odd map
/// cannot be pooled in its fused layer, the max-pool runs after it).
func leNetParityCases() throws -> [(label: String, net: Network, batch: Int)] {
    [
        ("LeNet MNIST, 203 images", try Network(architecture: .leNet, dataset: .mnist, randomSeed: 4, threads: 2), 203),
        ("LeNet CIFAR", try Network(architecture: .leNet, dataset: .cifar, randomSeed: 9, threads: 1), 7),
        ("LeNet 30×30", try Network(architecture: .leNet, dataset: DatasetInfo.mnist.withImageSize(height: 30, width: 30),
                                    randomSeed: 6, threads: 1), 5),
    ]
}

/// `.automatic` logits agree with the straightforward `.im2col` path's to 1e-4 of the logit scale,
/// like the PyTorch fixtures, and on the argmax: both are Float32 computations of the same function
/// whose sums run in different orders (observed differences are ~10⁻⁶ of the scale). A wrong tile
/// offset, lost edge column, transposed filter, wrong channel block or pooled window changes
/// logits by O(1) of the scale. The logits must differ from `untakenIfEqualTo`'s somewhere, or the
/// fast path under test did not run.
func assertFastPathAgrees(_ net: Network, batch: Int, seed: UInt64, untakenIfEqualTo other: ConvolutionAlgorithm,
                          _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let x = try Tensor(shape: [batch] + net.inputShape, values: noisyImages(batch * net.inputShape.reduce(1, *), seed: seed))
    let fast = try net.forward(x)
    let reference = try net.using(.im2col).forward(x)
    XCTAssertEqual(net.convolutionAlgorithm, .automatic, file: file, line: line)
    let scale = reference.values.map(abs).max() ?? 0
    XCTAssertGreaterThan(scale, 0, label, file: file, line: line)
    let diff = zip(fast.values, reference.values).map { abs($0 - $1) }.max() ?? .infinity
    XCTAssertLessThanOrEqual(diff, 1e-4 * scale, "\(label): max |Δlogit| = \(diff), max |logit| = \(scale)",
                             file: file, line: line)
    XCTAssertEqual(Network.argmax(fast), Network.argmax(reference), "\(label): argmax", file: file, line: line)
    XCTAssertNotEqual(fast.values, try net.using(other).forward(x).values, "\(label): the fast path was not taken",
                      file: file, line: line)
}
