// Benchmark area "training": training images per second (noise augmentation, forward,
// cross-entropy, backward, SGD Nesterov step, BatchNorm in training mode) for LeNet (MNIST shape)
// and WRN-40-2 (CIFAR) at the
// reference's batch size 64, beside PyTorch's figure from scripts/bench/torch_training.py measured
// in the same run (2 threads) when torch is importable. RS4A_BENCH_NO_TORCH=1 skips PyTorch and
// RS4A_BENCH_ONLY=<label> selects one model.
import Dispatch
import Foundation
import RS4A
import RS4ANet
import RS4ATrain

enum TrainingBench {
    static let cases: [(label: String, architecture: String, dataset: String)] = [
        ("LeNet", "LeNet", "mnist"),
        ("WRN-40-2", "WideResNet", "cifar"),
    ]
    static let batch = 64
    static let threads = 2
    static let minSeconds = 3.0

    static func run() throws {
        print("figures are noisy when other jobs share the machine; batch \(batch), \(threads) threads, ≥ \(minSeconds) s per model")
        TrainingThreads.count = threads
        let withTorch = ProcessInfo.processInfo.environment["RS4A_BENCH_NO_TORCH"] == nil
        // Images per CPU-second (in parentheses) are less sensitive to other jobs than wall-clock rates.
        print("model          rs4a img/s   torch img/s   rs4a/torch   (per CPU-second: rs4a, torch)")
        let only = ProcessInfo.processInfo.environment["RS4A_BENCH_ONLY"]
        for c in cases where only == nil || only == c.label {
            let model = try TrainableModel(name: c.architecture, dataset: c.dataset, seed: 1)
            let (rate, cpuRate) = try imagesPerSecond(model)
            let figures = withTorch ? torchFigures(c.label) : [:]
            let label = c.label.padding(toLength: 14, withPad: " ", startingAt: 0)
            if let t = figures[c.label], let tc = figures[c.label + "/cpu"] {
                print(label + String(format: " %10.1f  %12.1f   %9.2f   (%.1f, %.1f)", rate, t, rate / t, cpuRate, tc))
            } else {
                print(label + String(format: " %10.1f             –           –   (%.1f, –)", rate, cpuRate))
            }
        }
    }

    /// Training images per wall-clock second on a fixed random batch with fresh Gaussian noise
    /// (σ = 0.25) added in every step, as the trainer does and as torch_training.py does
    /// (`x + 0.25 * randn_like(x)`); one warm-up step, then ≥ minSeconds.
    static func imagesPerSecond(_ model: TrainableModel) throws -> (wall: Double, cpu: Double) {
        let shape = [batch] + model.dataset.inputShape
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let values = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        let labels = (0..<batch).map { $0 % model.dataset.classes }
        let sgd = SGDOptimizer(learningRate: 0.01)
        let noise = try makeNoise(name: "Gaussian", dim: model.dataset.inputShape.reduce(1, *), sigma: 0.25)
        let root = RandomStream(seed: 3, stream: 1)
        func step(_ k: Int) throws {
            var noisy = values
            try noisy.withUnsafeMutableBufferPointer {
                try noise.sample($0, stream: root.substream(UInt64(k)), firstRow: 0, threads: threads)
            }
            TrainingStep.crossEntropy(model: model, optimizer: sgd, x: Blob(shape: shape, data: noisy), labels: labels)
        }
        try step(0)
        var steps = 0
        let cpuStart = NetworkBench.cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            try step(steps + 1)
            steps += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minSeconds || steps < 3
        return (Double(steps * batch) / elapsed, Double(steps * batch) / (NetworkBench.cpuSeconds() - cpuStart))
    }

    /// Runs scripts/bench/torch_training.py for one model when torch is importable; label → images/s.
    static func torchFigures(_ label: String) -> [String: Double] {
        PeerScript.figures("torch_training.py", arguments: ["--min-seconds", String(minSeconds), label])
    }
}
