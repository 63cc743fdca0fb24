import Foundation

/// Classification losses with their gradients with respect to the logits (means over the batch,
/// as the reference's `.mean()`).
public enum Losses {
    /// Row-wise log-softmax of N×K logits, in Double.
    static func logSoftmax(_ z: Blob) -> [Double] {
        let n = z.batch, k = z.itemSize
        var out = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            var m = -Double.infinity
            for j in 0..<k { m = max(m, Double(z.data[i * k + j])) }
            var s = 0.0
            for j in 0..<k { s += Foundation.exp(Double(z.data[i * k + j]) - m) }
            let lse = m + Foundation.log(s)
            for j in 0..<k { out[i * k + j] = Double(z.data[i * k + j]) - lse }
        }
        return out
    }

    /// Mean cross-entropy −log softmax(z)[y] and its gradient (softmax − onehot)/N.
    public static func crossEntropy(logits z: Blob, labels: [Int]) -> (loss: Double, grad: Blob) {
        let n = z.batch, k = z.itemSize
        precondition(labels.count == n && labels.allSatisfy { $0 >= 0 && $0 < k })
        let lp = logSoftmax(z)
        var loss = 0.0
        var g = Blob(zeros: z.shape)
        for i in 0..<n {
            loss -= lp[i * k + labels[i]]
            for j in 0..<k { g.data[i * k + j] = Float(Foundation.exp(lp[i * k + j]) / Double(n)) }
            g.data[i * k + labels[i]] -= Float(1 / Double(n))
        }
        return (loss / Double(n), g)
    }

    /// The reference's stability loss, mean over the batch of
    /// −log p(y | z₁) + weight · KL(p(·|z₁) ‖ p(·|z₂)), with gradients for both logit sets
    /// (the reference back-propagates through both predictions).
    public static func stability(logits z1: Blob, logits z2: Blob, labels: [Int], weight: Double = 6)
        -> (loss: Double, grad1: Blob, grad2: Blob) {
        let n = z1.batch, k = z1.itemSize
        precondition(z2.shape == z1.shape && labels.count == n)
        let lp = logSoftmax(z1), lq = logSoftmax(z2)
        var loss = 0.0
        var g1 = Blob(zeros: z1.shape), g2 = Blob(zeros: z2.shape)
        for i in 0..<n {
            let r = i * k
            var kl = 0.0
            for j in 0..<k { kl += Foundation.exp(lp[r + j]) * (lp[r + j] - lq[r + j]) }
            loss += -lp[r + labels[i]] + weight * kl
            for j in 0..<k {
                let p = Foundation.exp(lp[r + j]), q = Foundation.exp(lq[r + j])
                // d KL / d z1_j = p_j·((log p_j − log q_j) − KL); d KL / d z2_j = q_j − p_j.
                var d1 = weight * p * ((lp[r + j] - lq[r + j]) - kl) + p
                if j == labels[i] { d1 -= 1 }
                g1.data[r + j] = Float(d1 / Double(n))
                g2.data[r + j] = Float(weight * (q - p) / Double(n))
            }
        }
        return (loss / Double(n), g1, g2)
    }
}
