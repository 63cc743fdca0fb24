import RS4ATrain
import XCTest

/// SGD and the cosine schedule against hand-computed PyTorch formulas.
final class OptimizerTests: XCTestCase {
    func testNesterovSGDWithWeightDecayTwoSteps() {
        let p = Parameter(name: "w", shape: [1], value: [1])
        let sgd = SGDOptimizer(learningRate: 0.1)
        p.grad = [0.5]
        sgd.step([p])
        // g = 0.5 + 1e-4·1; buf = g; p = 1 − 0.1·(g + 0.9·g)
        let g1 = 0.5 + 1e-4
        let p1 = 1 - 0.1 * (g1 + 0.9 * g1)
        XCTAssertEqual(Double(p.value[0]), p1, accuracy: 1e-6)
        p.grad = [-0.2]
        sgd.step([p])
        let g2 = -0.2 + 1e-4 * p1, buf2 = 0.9 * g1 + g2
        XCTAssertEqual(Double(p.value[0]), p1 - 0.1 * (g2 + 0.9 * buf2), accuracy: 1e-6)
    }

    func testCosineAnnealingMatchesTorchClosedForm() {
        let s = CosineAnnealing(base: 0.1, periods: 120)
        XCTAssertEqual(s.learningRate(epoch: 0), 0.1, accuracy: 1e-15)
        XCTAssertEqual(s.learningRate(epoch: 60), 0.05, accuracy: 1e-12)
        XCTAssertEqual(s.learningRate(epoch: 120), 0, accuracy: 1e-12)
        XCTAssertEqual(s.learningRate(epoch: 30), 0.05 * (1 + 0.5.squareRoot()), accuracy: 1e-12)
    }
}
