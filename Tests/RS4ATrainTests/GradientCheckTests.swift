import RS4ANumerics
import RS4ATrain
import XCTest

/// Every layer's backward pass against central finite differences of L = Σ r·layer(x) for a
/// fixed random r, on every input coordinate and parameter value (small shapes).
///
/// Tolerance: the layers compute in Float32. With step h = 1e-2 the central difference has
/// truncation error O(h²·|f'''|) ≈ 1e-4 for these smooth (or piecewise-linear, kink-free)
/// functions, and rounding error ≈ 2⁻²⁴·Σ|r·y|/h ≈ 1e-3 here (L accumulated in Double from
/// Float32 outputs). We require |fd − analytic| ≤ 5e-3 + 1e-2·|analytic|; a wrong term in a
/// backward formula is off by O(|analytic|). Inputs of ReLU/max-pool are kept ≥ 0.05 away from
/// kinks/ties so the difference quotient never straddles one.
final class GradientCheckTests: XCTestCase {
    private var rng = RandomStream(seed: 7).makeSource()

    private func random(_ shape: [Int], scale: Float = 1) -> Blob {
        var b = Blob(zeros: shape)
        for i in b.data.indices { b.data[i] = Float(rng.nextNormal()) * scale }
        return b
    }

    /// Values spaced ≥ 0.05 apart and ≥ 0.05 from 0, in random order (no ReLU kinks, no pooling ties).
    private func separated(_ shape: [Int]) -> Blob {
        var b = Blob(zeros: shape)
        let n = b.data.count
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for i in 0..<n { b.data[i] = (Float(order[i]) - Float(n) / 2 + 0.5) * 0.1 }
        return b
    }

    private func loss(_ layer: any TrainLayer, _ x: Blob, _ r: Blob) -> Double {
        let y = layer.forward(x, mode: .train)
        var s = 0.0
        for i in y.data.indices { s += Double(y.data[i]) * Double(r.data[i]) }
        return s
    }

    private func check(_ layer: any TrainLayer, input x: Blob, name: String, h: Float = 1e-2,
                       file: StaticString = #filePath, line: UInt = #line) {
        let y = layer.forward(x, mode: .train)
        let r = random(y.shape)
        for p in layer.parameters { for i in 0..<p.count { p.grad[i] = 0 } }
        let dx = layer.backward(r, needInputGradient: true)
        XCTAssertEqual(dx.shape, x.shape, "\(name): input-gradient shape", file: file, line: line)
        var worst = 0.0
        var xp = x
        for i in x.data.indices {
            let v = x.data[i]
            xp.data[i] = v + h; let lp = loss(layer, xp, r)
            xp.data[i] = v - h; let lm = loss(layer, xp, r)
            xp.data[i] = v
            let fd = (lp - lm) / (2 * Double(h)), an = Double(dx.data[i])
            worst = max(worst, abs(fd - an) / (5e-3 + 1e-2 * abs(an)))
        }
        XCTAssertLessThanOrEqual(worst, 1, "\(name): input gradient error / tolerance = \(worst)", file: file, line: line)
        for p in layer.parameters {
            var pw = 0.0
            let analytic = p.grad
            for i in 0..<p.count {
                let v = p.value[i]
                p.value[i] = v + h; let lp = loss(layer, x, r)
                p.value[i] = v - h; let lm = loss(layer, x, r)
                p.value[i] = v
                let fd = (lp - lm) / (2 * Double(h)), an = Double(analytic[i])
                pw = max(pw, abs(fd - an) / (5e-3 + 1e-2 * abs(an)))
            }
            XCTAssertLessThanOrEqual(pw, 1, "\(name): \(p.name) gradient error / tolerance = \(pw)", file: file, line: line)
        }
    }

    private func randomise(_ layer: any TrainLayer, scale: Float = 0.3) {
        for p in layer.parameters { for i in 0..<p.count { p.value[i] = Float(rng.nextNormal()) * scale } }
    }

    func testConv2dPaddedStridedWithBias() {
        let conv = Conv2dLayer(name: "c", inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1, bias: true)
        randomise(conv)
        check(conv, input: random([2, 2, 5, 5]), name: "conv3x3/s2/p1")
    }

    func testConv2dOneByOneDirectAndStrided() {
        let direct = Conv2dLayer(name: "d", inChannels: 3, outChannels: 2, kernel: 1)
        randomise(direct)
        check(direct, input: random([3, 3, 4, 4]), name: "conv1x1")
        let strided = Conv2dLayer(name: "s", inChannels: 3, outChannels: 2, kernel: 1, stride: 2)
        randomise(strided)
        check(strided, input: random([2, 3, 4, 4]), name: "conv1x1/s2")
    }

    func testLinear() {
        let l = LinearLayer(name: "fc", inFeatures: 7, outFeatures: 4)
        randomise(l)
        check(l, input: random([3, 7]), name: "linear")
    }

    func testBatchNormTrainingMode() {
        let bn = BatchNormLayer(name: "bn", channels: 3)
        randomise(bn, scale: 0.5)
        for i in 0..<3 { bn.weight.value[i] += 1 }
        check(bn, input: random([4, 3, 3, 3]), name: "batchnorm2d")
        let flat = BatchNormLayer(name: "bn1d", channels: 5)
        check(flat, input: random([6, 5]), name: "batchnorm on N×C")
    }

    func testBatchNormRunningStatistics() {
        let bn = BatchNormLayer(name: "bn", channels: 1)
        let x = Blob(shape: [2, 1, 1, 2], data: [1, 2, 3, 6])
        _ = bn.forward(x, mode: .train)
        // mean 3, unbiased variance 14/3: running = 0.9·init + 0.1·stat.
        XCTAssertEqual(bn.runningMean.floats[0], 0.3, accuracy: 1e-6)
        XCTAssertEqual(bn.runningVar.floats[0], 0.9 + 0.1 * 14 / 3, accuracy: 1e-6)
        XCTAssertEqual(bn.batchesTracked.counter, 1)
        let y = bn.forward(x, mode: .eval)
        XCTAssertEqual(y.data[0], (1 - 0.3) / (0.9 + 0.1 * 14 / 3 + 1e-5).squareRoot(), accuracy: 1e-5)
        XCTAssertEqual(bn.batchesTracked.counter, 1, "eval mode must not count batches")
    }

    func testReLU() { check(ReLULayer(), input: separated([2, 3, 2, 2]), name: "relu") }

    func testMaxPool() {
        check(MaxPoolLayer(kernel: 2, stride: 2), input: separated([2, 2, 4, 4]), name: "maxpool2")
        check(MaxPoolLayer(kernel: 3, stride: 2, padding: 1), input: separated([1, 2, 5, 5]), name: "maxpool3/s2/p1")
    }

    func testAveragePools() {
        check(AvgPoolLayer(kernel: 2), input: random([2, 2, 4, 4]), name: "avgpool2")
        check(AvgPoolLayer(kernel: 0), input: random([2, 3, 3, 3]), name: "global avgpool")
    }

    func testFlattenAndOptionAShortcut() {
        check(FlattenLayer(), input: random([2, 2, 2, 3]), name: "flatten")
        check(OptionAShortcut(pad: 1), input: random([2, 2, 4, 4]), name: "option-A shortcut")
    }

    func testNormalize() {
        check(NormalizeLayer(prefix: "norm", mean: [0.4, 0.5], std: [0.2, 0.3], shape: [2, 1, 1]),
              input: random([2, 2, 2, 2]), name: "normalize")
    }

    func testResidualBlocks() {
        // CIFAR basic block with option-A shortcut and the final ReLU (inputs kept small so the
        // ReLU's pre-activations are rarely within h of 0; BN in training mode inside).
        let conv1 = Conv2dLayer(name: "c1", inChannels: 2, outChannels: 4, kernel: 3, stride: 2, padding: 1)
        let conv2 = Conv2dLayer(name: "c2", inChannels: 4, outChannels: 4, kernel: 3, padding: 1)
        randomise(conv1); randomise(conv2)
        let body = SequentialLayer([conv1, BatchNormLayer(name: "b1", channels: 4), conv2])
        let block = ResidualLayer(body: body, shortcut: OptionAShortcut(pad: 1), reluAfter: false)
        check(block, input: random([3, 2, 4, 4]), name: "residual + option A", h: 5e-3)
        // Pre-activation block with a 1×1 convolution shortcut.
        let sc = Conv2dLayer(name: "sc", inChannels: 2, outChannels: 3, kernel: 1, stride: 2)
        let c = Conv2dLayer(name: "c", inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1)
        randomise(sc); randomise(c)
        check(ResidualLayer(body: c, shortcut: sc, reluAfter: false), input: random([2, 2, 4, 4]), name: "residual + conv shortcut")
    }

    func testDropoutMaskAndGradient() {
        let drop = DropoutLayer(p: 0.5, stream: RandomStream(seed: 3))
        let x = Blob(shape: [1, 4000], data: [Float](repeating: 1, count: 4000))
        let y = drop.forward(x, mode: .train)
        let kept = y.data.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { $0 == 2 }, "kept values are scaled by 1/(1 − p)")
        XCTAssertEqual(Double(kept.count) / 4000, 0.5, accuracy: 0.04)  // ±5 binomial sd
        let dy = random([1, 4000])
        let dx = drop.backward(dy, needInputGradient: true)
        for i in 0..<4000 { XCTAssertEqual(dx.data[i], dy.data[i] * y.data[i]) }
        XCTAssertEqual(drop.forward(x, mode: .eval).data, x.data, "eval mode is the identity")
    }

    func testLossGradients() {
        let z1 = random([3, 5]), z2 = random([3, 5]), labels = [0, 4, 2]
        let (_, g) = Losses.crossEntropy(logits: z1, labels: labels)
        let (_, g1, g2) = Losses.stability(logits: z1, logits: z2, labels: labels)
        let h: Float = 1e-2
        for i in z1.data.indices {
            var p = z1, m = z1
            p.data[i] += h; m.data[i] -= h
            let fd = (Losses.crossEntropy(logits: p, labels: labels).loss - Losses.crossEntropy(logits: m, labels: labels).loss) / Double(2 * h)
            XCTAssertEqual(Double(g.data[i]), fd, accuracy: 1e-4, "cross-entropy gradient \(i)")
            let fs = (Losses.stability(logits: p, logits: z2, labels: labels).loss
                      - Losses.stability(logits: m, logits: z2, labels: labels).loss) / Double(2 * h)
            XCTAssertEqual(Double(g1.data[i]), fs, accuracy: 1e-3, "stability gradient wrt z1 \(i)")
            var p2 = z2, m2 = z2
            p2.data[i] += h; m2.data[i] -= h
            let ft = (Losses.stability(logits: z1, logits: p2, labels: labels).loss
                      - Losses.stability(logits: z1, logits: m2, labels: labels).loss) / Double(2 * h)
            XCTAssertEqual(Double(g2.data[i]), ft, accuracy: 1e-3, "stability gradient wrt z2 \(i)")
        }
    }
}
