/// One optimisation step of the reference's training loop.
public enum TrainingStep {
    /// Plain training: mean cross-entropy on `x`, backward, SGD step. Returns the loss.
    @discardableResult
    public static func crossEntropy(model: TrainableModel, optimizer: SGDOptimizer, x: Blob, labels: [Int]) -> Double {
        model.zeroGradients()
        let logits = model.forward(x, mode: .train)
        let (loss, g) = Losses.crossEntropy(logits: logits, labels: labels)
        model.backward(g)
        optimizer.step(model.parameters)
        return loss
    }

    /// Stability training (the reference's `--stability`): two forward passes (`x`, `xTilde`,
    /// each a noisy copy), loss CE(x) + weight·KL(p(x) ‖ p(x̃)) back-propagated through both, SGD step.
    @discardableResult
    public static func stability(model: TrainableModel, optimizer: SGDOptimizer, x: Blob, xTilde: Blob,
                                 labels: [Int], weight: Double = 6) -> Double {
        model.zeroGradients()
        let z1 = model.forward(x, mode: .train)
        let z2 = model.forward(xTilde, mode: .train)
        let (loss, g1, g2) = Losses.stability(logits: z1, logits: z2, labels: labels, weight: weight)
        // Tapes are LIFO: the second forward is undone first.
        model.backward(g2)
        model.backward(g1)
        optimizer.step(model.parameters)
        return loss
    }
}
