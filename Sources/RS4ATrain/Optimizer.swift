import Foundation

/// torch.optim.SGD with momentum, dampening 0, optional Nesterov and L2 weight decay, step for
/// step as PyTorch computes it:
/// g ← grad + wd·p; buf ← g on the first step, else μ·buf + g; d ← g + μ·buf (Nesterov) or buf;
/// p ← p − lr·d.
public struct SGDOptimizer: Sendable {
    /// Learning rate of the next step (the scheduler sets it).
    public var learningRate: Double
    /// Momentum μ (0.9 in the reference).
    public var momentum: Double
    /// L2 weight decay (1e-4 in the reference).
    public var weightDecay: Double
    /// Nesterov momentum (true in the reference).
    public var nesterov: Bool

    /// The reference's optimizer: lr as given, momentum 0.9, weight decay 1e-4, Nesterov.
    public init(learningRate: Double, momentum: Double = 0.9, weightDecay: Double = 1e-4, nesterov: Bool = true) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// Updates every parameter from its gradient (momentum buffers live on the parameters).
    public func step(_ parameters: [Parameter]) {
        let lr = Float(learningRate), mu = Float(momentum), wd = Float(weightDecay)
        for p in parameters {
            var buf = p.momentum ?? []
            let first = buf.isEmpty
            if first { buf = [Float](repeating: 0, count: p.count) }
            for i in 0..<p.count {
                let g = p.grad[i] + wd * p.value[i]
                buf[i] = first ? g : mu * buf[i] + g
                let d = nesterov ? g + mu * buf[i] : buf[i]
                p.value[i] -= lr * d
            }
            if momentum != 0 { p.momentum = buf }
        }
    }
}

/// torch.optim.lr_scheduler.CosineAnnealingLR (eta_min 0) stepped once per epoch:
/// lr(e) = base·(1 + cos(π·e/T))/2.
public struct CosineAnnealing: Sendable {
    /// Initial learning rate.
    public let base: Double
    /// T_max: the number of epochs.
    public let periods: Int

    public init(base: Double, periods: Int) {
        self.base = base
        self.periods = max(1, periods)
    }

    /// The learning rate during epoch `epoch` (0-based).
    public func learningRate(epoch: Int) -> Double {
        base * (1 + cos(Double.pi * Double(epoch) / Double(periods))) / 2
    }
}
