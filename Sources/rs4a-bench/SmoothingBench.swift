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
        try fewDrawsPerInput(net, x, noise)
        print(String(format: "peak RSS after all runs: %.0f MB", NetworkBench.peakResidentMB()))
    }

    /// The usage snippet's smooth_predict_hard(…, 64) on a batch: 64 draws (less than one unit of
    /// work) for each of many inputs; the workers share units of different inputs.
    static func fewDrawsPerInput(_ net: Network, _ x: [Float], _ noise: any Noise) throws {
        let inputs = 256, samples = 64
        let batch = [Float]((0..<inputs).map { _ in x }.joined())
        print("few draws per input: \(samples) draws × \(inputs) inputs, noise batch 512")
        print("threads   rs4a draws/s   speed-up")
        var single = 0.0
        for threads in [1, 2] {
            let options = SmoothingOptions(noiseBatchSize: 512, seed: 1, threads: threads)
            _ = try smoothPredictHard(net, Array(batch.prefix(16 * 784)), noise: noise, samples: samples, options: options)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try smoothPredictHard(net, batch, noise: noise, samples: samples, options: options)
            let rate = Double(inputs * samples) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            if threads == 1 { single = rate }
            print(String(format: "%7d   %12.0f   %8.2f", threads, rate, rate / single))
        }
    }

    /// Runs scripts/bench/torch_smoothing.py when torch is importable; "threadsN" → draws/s.
    static func torchFigures() -> [String: Double] {
        PeerScript.figures("torch_smoothing.py", arguments: ["--draws", String(draws)])
    }
}
