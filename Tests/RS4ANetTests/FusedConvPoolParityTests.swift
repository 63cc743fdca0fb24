// LeNet's conv blocks run as one fused layer on the GEMM path (`.gemm`: bias and ReLU applied after
// the 2×2 max-pool, in the pooling pass) and as conv → ReLU → max-pool on the im2col path. The
// fusion is exact — rounding is monotone, so max(fl(x + b), fl(y + b)) = fl(max(x, y) + b), and
// ReLU commutes with max — so the tolerance is zero: the logits must be bit-identical, and NaN
// must propagate to the same logits. A wrong plane, line or column offset, a bias taken from the
// wrong channel or a lost ReLU changes logits by O(1) of their scale.
import RS4ANet
import XCTest

final class FusedConvPoolParityTests: XCTestCase {
    private func assertBitIdentical(_ net: Network, batch: Int, poison: [Int] = [], _ label: String) throws {
        var values = noisyImages(batch * net.inputShape.reduce(1, *), seed: 13)
        for i in poison { values[i] = .nan }
        let x = try Tensor(shape: [batch] + net.inputShape, values: values)
        // `.gemm`, not `.automatic`: the direct kernels that `.automatic` prefers for LeNet sum in
        // another order (DirectConvolutionParityTests).
        let fused = try net.using(.gemm).forward(x).values
        let reference = try net.using(.im2col).forward(x).values
        XCTAssertEqual(fused.count, reference.count, label)
        XCTAssertGreaterThan(reference.filter { !$0.isNaN }.map(abs).max() ?? 0, 0, label)
        var mismatches = 0
        for (a, b) in zip(fused, reference) where !(a == b || (a.isNaN && b.isNaN)) { mismatches += 1 }
        XCTAssertEqual(mismatches, 0, "\(label): \(mismatches) logits differ")
    }

    func testLeNetNetworks() throws {
        for c in try leNetParityCases() { try assertBitIdentical(c.net, batch: c.batch, c.label) }
    }

    func testNaNPixelsPropagateToTheSameLogits() throws {
        // NaN in image 1 only: its logits are NaN on both paths, the other images' are unchanged.
        let net = try Network(architecture: .leNet, dataset: .mnist, randomSeed: 4, threads: 1)
        try assertBitIdentical(net, batch: 3, poison: [784 + 400], "LeNet MNIST with a NaN pixel")
        let values = noisyImages(3 * 784, seed: 13).enumerated().map { $0.offset == 784 + 400 ? Float.nan : $0.element }
        let logits = try net.using(.gemm).forward(try Tensor(shape: [3, 1, 28, 28], values: values)).values
        XCTAssertTrue(logits[10..<20].allSatisfy(\.isNaN))
        XCTAssertFalse(logits[0..<10].contains { $0.isNaN } || logits[20..<30].contains { $0.isNaN })
    }
}
