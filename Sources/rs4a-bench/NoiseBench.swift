import Foundation
import RS4A

/// Noise-library figures against the targets of the noise-library issue: building every
/// table-backed certificate from a cold cache (a fresh temporary folder) — each table under
/// 1 s at d = 3072 and under 5 s at d = 150528 — and every closed-form certificate over 10⁶ ρ
/// under 50 ms. Each line says whether its figure meets the target.
///
/// Point counts are printed beside the build times: the reference figure is for
/// upstream tables of 3000 (differential method) and 300 (level-set method) points; ours have
/// 3000 differential points, and level-set tables are refined until the lookup meets NOISES.md's
/// accuracy target (~900–1800 points, most for the small radial shapes (d − j)/k = ½, 1).
enum NoiseBench {
    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    static func verdict(_ seconds: Double, target: Double) -> String { seconds < target ? "PASS" : "FAIL" }

    static func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-bench-tables-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        print("threads: \(Parallel.defaultThreadCount)  (timings are wall clock; noisy on a shared machine)")
        var failures = 0
        for d in [3072, 150528] {
            let dd = Double(d)
            let target = d == 3072 ? 1.0 : 5.0
            print("table builds at d = \(d), cold cache (target < \(Int(target)) s each)")
            let cases: [(String, any TableBackedNoise, Double)] = [
                ("Laplace ℓ∞ (binomial)", try LaplaceNoise(dim: d, sigma: 1), .infinity),
                ("ExpInf k=10 ℓ∞ (differential)", try ExpInfNoise(dim: d, sigma: 1, k: 10), .infinity),
                ("PowInf a=d+10 ℓ∞ (differential)", try PowInfNoise(dim: d, sigma: 1, a: dd + 10), .infinity),
                ("Exp1 k=2 ℓ1 (differential)", try Exp1Noise(dim: d, sigma: 1, k: 2), 1),
                ("Exp1 k=0.5 ℓ1 (differential)", try Exp1Noise(dim: d, sigma: 1, k: 0.5), 1),
                ("Expp p=0.2 ℓ1 (differential)", try ExppNoise(dim: d, sigma: 1, p: 0.2), 1),
                ("Expp p=0.5 ℓ1 (differential)", try ExppNoise(dim: d, sigma: 1, p: 0.5), 1),
                ("Exp2 k=10 j=100 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 10, j: 100), 2),
                ("Exp2 k=1 j=0 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 1), 2),
                ("Exp2 k=3 j=0 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 3), 2),
                ("Exp2 k=1 j=d-1 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 1, j: dd - 1), 2),
                ("Exp2 k=2 j=d-1 ℓ2 (level-set)", try Exp2Noise(dim: d, sigma: 1, k: 2, j: dd - 1), 2),
                ("Pow2 k=1 a=d+10 ℓ2 (level-set)", try Pow2Noise(dim: d, sigma: 1, k: 1), 2),
                ("Pow2 k=2 a=(d+100)/2 ℓ2 (level-set)", try Pow2Noise(dim: d, sigma: 1, k: 2, a: (dd + 100) / 2), 2),
                ("Pow2 k=d a=11 ℓ2 (level-set)", try Pow2Noise(dim: d, sigma: 1, k: dd, a: 11), 2),
            ]
            for (label, noise, adv) in cases {
                let cache = TableCache(directory: folder.appendingPathComponent("d\(d)"))
                let start = Date()
                let (_, table) = try noise.radiusTable(adv: adv, cache: cache)
                let seconds = Date().timeIntervalSince(start)
                if seconds >= target { failures += 1 }
                print("  \(pad(label, 38))\(pad(String(table.rho.count), 5)) points  " + String(format: "%7.3f s", seconds)
                      + "  " + verdict(seconds, target: target))
            }
        }
        // Closed-form certificates over 10⁶ ρ (one certify call, all threads), after a warm-up.
        print("closed forms over 10^6 ρ at d = 3072 (target < 50 ms each)")
        let rhos = (0..<1_000_000).map { 0.5 + 0.4999999 * Double($0) / 1_000_000 }
        let d = 3072, dd = Double(d)
        let closed: [(String, any Noise, Double)] = [
            ("Uniform ℓ1", try UniformNoise(dim: d, sigma: 1), 1),
            ("Uniform ℓ∞", try UniformNoise(dim: d, sigma: 1), .infinity),
            ("Gaussian ℓ2", try GaussianNoise(dim: d, sigma: 1), 2),
            ("Laplace ℓ1", try LaplaceNoise(dim: d, sigma: 1), 1),
            ("Pareto a=3 ℓ1", try ParetoNoise(dim: d, sigma: 1, a: 3), 1),
            ("UniformBall ℓ2", try UniformBallNoise(dim: d, sigma: 1), 2),
            ("ExpInf k=10 j=100 ℓ1", try ExpInfNoise(dim: d, sigma: 1, k: 10, j: 100), 1),
            ("ExpInf k=1 j=0 ℓ∞", try ExpInfNoise(dim: d, sigma: 1, k: 1), .infinity),
            ("PowInf a=d+10 ℓ1", try PowInfNoise(dim: d, sigma: 1, a: dd + 10), 1),
            ("Exp1 k=1 ℓ1", try Exp1Noise(dim: d, sigma: 1, k: 1), 1),
            ("Exp2 k=1 ℓ2", try Exp2Noise(dim: d, sigma: 1, k: 1), 2),
            ("Exp2 k=2 ℓ2", try Exp2Noise(dim: d, sigma: 1, k: 2), 2),
            ("Expp p=0.5 ℓ1", try ExppNoise(dim: d, sigma: 1, p: 0.5), 1),
            ("Expp p=1 ℓ1", try ExppNoise(dim: d, sigma: 1, p: 1), 1),
            ("Expp p=1.5 ℓ1", try ExppNoise(dim: d, sigma: 1, p: 1.5), 1),
            ("Expp p=2 ℓ1", try ExppNoise(dim: d, sigma: 1, p: 2), 1),
            ("Expp p=4 ℓ1", try ExppNoise(dim: d, sigma: 1, p: 4), 1),
        ]
        for (label, noise, adv) in closed {
            _ = try noise.certify(Array(rhos.prefix(10_000)), adv: adv)
            let start = Date()
            let radii = try noise.certify(rhos, adv: adv)
            let seconds = Date().timeIntervalSince(start)
            if seconds >= 0.05 { failures += 1 }
            print("  \(pad(label, 24)) " + String(format: "%7.1f ms", seconds * 1000) + "  " + verdict(seconds, target: 0.05)
                  + String(format: "  (checksum %.6g)", radii.reduce(0, +)))
        }
        print(failures == 0 ? "noise targets: all met" : "noise targets: \(failures) figure(s) over target")
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
    }
}
