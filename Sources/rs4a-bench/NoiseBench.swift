import Foundation
import RS4A

/// Noise-library figures: building every table-backed certificate from a cold cache (a fresh
/// temporary folder) at d = 3072 and d = 150528, and closed-form certificates over 10⁶ ρ.
/// Targets: each table < 1 s at d = 3072 and < 5 s at d = 150528; 10⁶ closed forms < 50 ms.
enum NoiseBench {
    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    static func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-bench-tables-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        print("threads: \(Parallel.defaultThreadCount)  (timings are wall clock; noisy on a shared machine)")
        for d in [3072, 150528] {
            let dd = Double(d)
            let cases: [(String, any TableBackedNoise, Double)] = [
                ("Laplace ℓ∞ (binomial, 3000 pts)", try LaplaceNoise(dim: d, sigma: 1), .infinity),
                ("ExpInf k=10 ℓ∞ (differential)", try ExpInfNoise(dim: d, sigma: 1, k: 10), .infinity),
                ("PowInf a=d+10 ℓ∞ (differential)", try PowInfNoise(dim: d, sigma: 1, a: dd + 10), .infinity),
                ("Exp1 k=2 ℓ1 (differential)", try Exp1Noise(dim: d, sigma: 1, k: 2), 1),
                ("Exp1 k=0.5 ℓ1 (differential)", try Exp1Noise(dim: d, sigma: 1, k: 0.5), 1),
                ("Expp p=0.2 ℓ1 (differential)", try ExppNoise(dim: d, sigma: 1, p: 0.2), 1),
                ("Exp2 k=10 j=100 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 10, j: 100), 2),
                ("Exp2 k=1 j=0 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 1), 2),
                ("Pow2 k=1 a=d+10 ℓ2 (level-set)", try Pow2Noise(dim: d, sigma: 1, k: 1), 2),
            ]
            for (label, noise, adv) in cases {
                let cache = TableCache(directory: folder.appendingPathComponent("d\(d)"))
                let start = Date()
                let (_, table) = try noise.radiusTable(adv: adv, cache: cache)
                let seconds = Date().timeIntervalSince(start)
                print("d=\(pad(String(d), 7))\(pad(label, 38))\(pad(String(table.rho.count), 5)) points  " + String(format: "%7.3f s", seconds))
            }
        }
        // Sampling throughput: 64 rows of d = 3072 added in place, after one warm-up call.
        var batch = [Float](repeating: 0, count: 64 * 3072)
        let samplers: [any Noise] = [
            try GaussianNoise(dim: 3072, sigma: 1), try LaplaceNoise(dim: 3072, sigma: 1), try UniformNoise(dim: 3072, sigma: 1),
            try ParetoNoise(dim: 3072, sigma: 1), try UniformBallNoise(dim: 3072, sigma: 1),
            try ExpInfNoise(dim: 3072, sigma: 1, k: 10, j: 100), try PowInfNoise(dim: 3072, sigma: 1, a: 3082),
            try Exp1Noise(dim: 3072, sigma: 1, k: 2), try Exp2Noise(dim: 3072, sigma: 1, k: 2), try Pow2Noise(dim: 3072, sigma: 1),
            try ExppNoise(dim: 3072, sigma: 1, p: 0.5),
        ]
        for noise in samplers {
            let stream = RandomStream(seed: 1)
            try batch.withUnsafeMutableBufferPointer { try noise.sample($0, stream: stream) }
            let repeats = 20
            let start = Date()
            for r in 0..<repeats {
                try batch.withUnsafeMutableBufferPointer { try noise.sample($0, stream: stream, firstRow: UInt64(64 * r)) }
            }
            let seconds = Date().timeIntervalSince(start) / Double(repeats)
            print("sample \(pad(noise.kind.shortName, 12)) 64×3072 in place " + String(format: "%7.2f ms  (%.0f M values/s)", seconds * 1000, 64 * 3072 / seconds / 1e6))
        }
        let rhos = (0..<1_000_000).map { 0.5 + 0.4999999 * Double($0) / 1_000_000 }
        let closed: [(String, any Noise, Double)] = [
            ("Gaussian ℓ2", try GaussianNoise(dim: 3072, sigma: 1), 2),
            ("Laplace ℓ1", try LaplaceNoise(dim: 3072, sigma: 1), 1),
            ("Uniform ℓ∞", try UniformNoise(dim: 3072, sigma: 1), .infinity),
            ("ExpInf k=10 j=100 ℓ1", try ExpInfNoise(dim: 3072, sigma: 1, k: 10, j: 100), 1),
            ("Exp2 k=1 ℓ2", try Exp2Noise(dim: 3072, sigma: 1, k: 1), 2),
            ("Pareto a=3 ℓ1", try ParetoNoise(dim: 3072, sigma: 1, a: 3), 1),
            ("Expp p=0.5 ℓ1", try ExppNoise(dim: 3072, sigma: 1, p: 0.5), 1),
        ]
        for (label, noise, adv) in closed {
            let start = Date()
            let radii = try noise.certify(rhos, adv: adv)
            let seconds = Date().timeIntervalSince(start)
            print("closed form \(pad(label, 24)) 10^6 ρ " + String(format: "%7.1f ms  (checksum %.6g)", seconds * 1000, radii.reduce(0, +)))
        }
    }
}
