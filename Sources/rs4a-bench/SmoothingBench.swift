// Benchmark area "smoothing": noisy draws per second of the whole certification loop
// (sample → forward → argmax → count) on the shipped demo LeNet with Uniform noise σ = 0.5,
// for 1 and 2 threads, beside PyTorch's figure for the same loop (scripts/bench/torch_smoothing.py,
// upstream's smooth_predict_hard structure) when torch is importable.
import Dispatch
import Foundation
import RS4A

enum SmoothingBench {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let draws = 20_000

    static func run() throws {
        let net = try Network.load(architecture: "LeNet", dataset: "mnist",
                                   checkpoint: root.appendingPathComponent("ckpts/demo/lenet_digits_uniform_050.pt"))
        let data = try Data(contentsOf: root.appendingPathComponent("ckpts/demo/examples.npy"))
        let x = data.suffix(784 * 4).withUnsafeBytes { raw in
            (0..<784).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        let noise = try UniformNoise(dim: 784, sigma: 0.5)
        let torch = ProcessInfo.processInfo.environment["RS4A_BENCH_NO_TORCH"] == nil ? torchFigures() : [:]
        print("demo LeNet, Uniform σ = 0.5, \(draws) draws per measurement, noise batch 512 (noisy when the machine is shared)")
        print("threads   rs4a draws/s   torch draws/s   rs4a/torch")
        for threads in [1, 2] {
            let options = SmoothingOptions(noiseBatchSize: 512, seed: 1, threads: threads)
            _ = try smoothPredictHard(net, x, noise: noise, samples: 1024, options: options)  // warm-up
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try smoothPredictHard(net, x, noise: noise, samples: draws, options: options)
            let rate = Double(draws) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            var line = String(format: "%7d   %12.0f", threads, rate)
            if let t = torch["threads\(threads)"] {
                line += String(format: "   %13.0f   %10.2f", t, rate / t)
            } else {
                line += "               –            –"
            }
            print(line)
        }
        print(String(format: "peak RSS after all runs: %.0f MB", NetworkBench.peakResidentMB()))
    }

    /// Runs scripts/bench/torch_smoothing.py when torch is importable; "threadsN" → draws/s.
    static func torchFigures() -> [String: Double] {
        PeerScript.figures("torch_smoothing.py", arguments: ["--draws", String(draws)])
    }
}
