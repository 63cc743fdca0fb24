import Foundation
import RS4A

/// f(x) = 1 when w·x > b, else 0: a half-space classifier whose smoothed probabilities have
/// closed forms. Logits are (0, scale·(w·x − b)); a huge `scale` makes softmax one-hot.
struct HalfSpaceClassifier: Classifier {
    let w: [Float]
    let b: Float
    var scale: Float = 1
    var inputDimension: Int { w.count }
    var classes: Int { 2 }

    func logits(_ input: UnsafeBufferPointer<Float>, batch: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        let d = w.count
        for r in 0..<batch {
            var z: Float = 0
            for i in 0..<d { z += w[i] * input[r * d + i] }
            output[2 * r] = 0
            output[2 * r + 1] = scale * (z - b)
        }
    }
}

/// Always the same logits, whatever the input (its soft prediction is softmax(logits) exactly).
struct ConstantClassifier: Classifier {
    let values: [Float]
    let inputDimension: Int
    var classes: Int { values.count }

    func logits(_ input: UnsafeBufferPointer<Float>, batch: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        for r in 0..<batch { for j in values.indices { output[r * values.count + j] = values[j] } }
    }
}

/// Φ, the standard normal cdf.
func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

/// Options with the given seed and thread count (and the default batch size).
func smoothing(seed: UInt64 = 1, threads: Int = 2, batch: Int = 512) -> SmoothingOptions {
    SmoothingOptions(noiseBatchSize: batch, seed: seed, threads: threads)
}
