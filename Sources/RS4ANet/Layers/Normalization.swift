import Foundation

// The reference's NormalizeLayer: y = (x − mu[c]) / exp(log_sig[c]), per input channel.
// It also converts the caller's N×C×H×W images into the engine's CNHW layout.

struct Normalization: Sendable {
    let mu: [Float]
    /// exp(log_sig), evaluated in Float32 as PyTorch does.
    let sigma: [Float]

    init(mu: [Float], logSigma: [Float]) {
        self.mu = mu
        self.sigma = logSigma.map { Foundation.exp($0) }
    }

    /// Normalises images [first, first + n) of an N×C×H×W buffer into a CNHW activation.
    func apply(
        _ input: UnsafePointer<Float>, first: Int, count n: Int, shape: FeatureShape, workspace: Workspace
    ) -> Activation {
        var out = Activation(uninitialized: shape, batch: n, workspace: workspace)
        let hw = shape.planeSize, c = shape.channels
        out.data.withUnsafeMutableBufferPointer { dst in
            for ch in 0..<c {
                let m = mu[ch], s = sigma[ch]
                for img in 0..<n {
                    let src = input + ((first + img) * c + ch) * hw
                    let d = dst.baseAddress! + (ch * n + img) * hw
                    for i in 0..<hw { d[i] = (src[i] - m) / s }
                }
            }
        }
        return out
    }
}
