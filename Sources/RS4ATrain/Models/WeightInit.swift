import Foundation
import RS4ANumerics

/// The weight initialisations the reference networks use (distributions as PyTorch draws them;
/// the random streams are ours, so values differ from torch's but the laws match).
enum WeightInit {
    /// nn.Conv2d / nn.Linear defaults: weight and bias ~ U(−1/√fan_in, 1/√fan_in)
    /// (kaiming_uniform_ with a = √5 gives exactly this bound).
    static func torchDefault(_ w: Parameter, _ b: Parameter?, fanIn: Int, _ rng: inout RandomSource) {
        let bound = 1 / Double(fanIn).squareRoot()
        uniform(w, bound, &rng)
        if let b { uniform(b, bound, &rng) }
    }

    /// N(0, std²) for every value.
    static func normal(_ p: Parameter, std: Double, _ rng: inout RandomSource) {
        for i in 0..<p.count { p.value[i] = Float(rng.nextNormal() * std) }
    }

    static func uniform(_ p: Parameter, _ bound: Double, _ rng: inout RandomSource) {
        for i in 0..<p.count { p.value[i] = Float((2 * rng.nextUniform() - 1) * bound) }
    }

    static func zero(_ p: Parameter?) {
        guard let p else { return }
        for i in 0..<p.count { p.value[i] = 0 }
    }
}
