import RS4ANet
import RS4ATrain
import XCTest

/// One or two SGD steps (Nesterov, momentum 0.9, weight decay 1e-4) of small reference-structured
/// models against PyTorch (scripts/fixtures/make_training_fixtures.py): the loss of every step,
/// every updated parameter and the BatchNorm running statistics and counters.
///
/// Tolerance: both sides compute in Float32 with different summation orders, so after two steps
/// values agree to ~1e-6 relative; BatchNorm's division by small batch deviations can amplify that
/// to ~1e-5. We allow |Δ| ≤ 2e-4 + 2e-3·|ref|. A wrong gradient, decay or momentum formula moves
/// parameters by lr·O(grad) ≈ 1e-3…1e-1, and the test also checks that the steps moved the
/// parameters by far more than the tolerance. The fixtures are well conditioned: for each, torch's
/// own float32 result is within this tolerance of its float64 result (checked when they were made;
/// with BatchNorm over only 4 values per channel it is not, so such cases are avoided).
final class TorchStepTests: XCTestCase {
    private func compare(case name: String, model: TrainableModel, steps: Int, stability: Bool = false) throws {
        TrainingThreads.count = 2
        try model.load(TrainingFixtures.stateDict(name + "_init"))
        let initial = try model.stateDict()
        let batch = try TrainingFixtures.stateDict(name + "_batch")
        let x = try TrainingFixtures.blob(batch, "x")
        let y = try TrainingFixtures.labels(batch)
        guard let ref = try TrainingFixtures.losses()[name] else { return XCTFail("no losses for \(name)") }
        let optimizer = SGDOptimizer(learningRate: ref.lr)
        for s in 0..<steps {
            let loss: Double
            if stability {
                loss = TrainingStep.stability(model: model, optimizer: optimizer, x: x,
                                              xTilde: try TrainingFixtures.blob(batch, "x_tilde"), labels: y)
            } else {
                loss = TrainingStep.crossEntropy(model: model, optimizer: optimizer, x: x, labels: y)
            }
            XCTAssertEqual(loss, ref.losses[s], accuracy: 1e-4 + 1e-4 * abs(ref.losses[s]), "\(name) loss at step \(s + 1)")
        }
        let expected = try TrainingFixtures.stateDict(name + "_step\(steps)")
        let mine = try model.stateDict()
        XCTAssertEqual(Set(mine.keys), Set(expected.keys), "\(name): state-dict keys")
        var maxMoved: Float = 0
        for key in expected.keys {
            guard let e = expected[key], let m = mine[key] else { continue }
            XCTAssertEqual(m.shape, e.shape, "\(name) \(key) shape")
            if key.hasSuffix("num_batches_tracked") {
                XCTAssertEqual(try m.int64Values(), try e.int64Values(), "\(name) \(key)")
                continue
            }
            let a = try m.floatValues(), b = try e.floatValues()
            let start = try initial[key]?.floatValues() ?? b
            var worst: Float = 0
            for i in 0..<b.count {
                worst = max(worst, abs(a[i] - b[i]) / (2e-4 + 2e-3 * abs(b[i])))
                maxMoved = max(maxMoved, abs(b[i] - start[i]))
            }
            XCTAssertLessThanOrEqual(worst, 1, "\(name) \(key): error / tolerance = \(worst)")
        }
        XCTAssertGreaterThan(maxMoved, 1e-2, "\(name): the reference steps must move parameters beyond the tolerance")
    }

    func testLeNetTwoSteps() throws {
        try compare(case: "lenet", model: TrainableModel(architecture: .leNet, dataset: .mnist), steps: 2)
    }

    func testCIFARResNetTwoSteps() throws {
        let data = try DatasetInfo.cifar.withImageSize(height: 16, width: 16)
        try compare(case: "resnet8", model: TrainableModel(architecture: .cifarResNet(CIFARResNetConfig(blocksPerStage: 1)),
                                                           dataset: data), steps: 2)
    }

    func testWideResNetTwoSteps() throws {
        try compare(case: "wrn10", model: TrainableModel(architecture: .wideResNet(WideResNetConfig(depth: 10, widenFactor: 1)),
                                                         dataset: .cifar), steps: 2)
    }

    func testTorchvisionBottleneckResNetTwoSteps() throws {
        // 7×7/2 stem, 3×3/2/1 max-pool, bottlenecks with downsample branches, adaptive average pool.
        let data = try DatasetInfo.imagenet.withImageSize(height: 64, width: 64).withClasses(10)
        let arch = Architecture.imageNetResNet(ImageNetResNetConfig(layers: [1, 1, 1, 1], width: 8))
        try compare(case: "bottleneck", model: TrainableModel(architecture: arch, dataset: data), steps: 2)
    }

    func testStabilityLossAndStep() throws {
        try compare(case: "stability", model: TrainableModel(architecture: .leNet, dataset: .mnist), steps: 1, stability: true)
    }
}
