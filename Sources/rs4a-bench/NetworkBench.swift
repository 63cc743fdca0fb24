// Benchmark area "network": noisy forward passes per second of full-size reference models with
// random weights, beside PyTorch's figure measured in the same run (scripts/bench/torch_networks.py,
// 2 threads) when torch is importable, and the machine's sgemm GFLOP/s for scale.
import COpenBLAS
import Dispatch
import Foundation
import RS4ANet

enum NetworkBench {
    /// (label, architecture name, dataset, batch size)
    static let cases: [(label: String, architecture: String, dataset: String, batch: Int)] = [
        ("LeNet", "LeNet", "mnist", 512),
        ("WRN-40-2", "WideResNet", "cifar", 512),
        ("ResNet-110", "ResNet", "cifar", 512),
        ("ResNet-50", "ResNet", "imagenet", 32),
    ]
    static let threads = 2
    static let minSeconds = 2.0

    static func run() throws {
        print("figures are noisy when other jobs share the machine; \(threads) threads, ≥ \(minSeconds) s per model")
        openblas_set_num_threads(1)
        let gflops1 = sgemmGFLOPs(concurrent: 1)
        let gflops2 = sgemmGFLOPs(concurrent: threads)
        print(String(format: "sgemm 1024³: %.1f GFLOP/s on 1 thread, %.1f GFLOP/s on %d threads", gflops1, gflops2, threads))
        // RS4A_BENCH_NO_TORCH=1 skips the PyTorch run (quicker iterations while tuning).
        let torch = ProcessInfo.processInfo.environment["RS4A_BENCH_NO_TORCH"] == nil ? torchFigures() : [:]
        if torch.isEmpty { print("(PyTorch figures unavailable: torch not importable or the script failed)") }
        print("model          batch    rs4a img/s   torch img/s   rs4a/torch")
        for c in cases {
            let net = try ModelRegistry.makeRandom(architecture: c.architecture, dataset: c.dataset, seed: 1, threads: threads)
            let rate = try imagesPerSecond(net, batch: c.batch)
            let label = c.label.padding(toLength: 14, withPad: " ", startingAt: 0)
            let line = label + String(format: " %5d  %12.1f", c.batch, rate)
            if let t = torch[c.label] {
                print(line + String(format: "  %12.1f   %9.2f", t, rate / t))
            } else {
                print(line + "             –           –")
            }
        }
    }

    /// Images per second of `net.forward` on a noisy random batch (one warm-up call, then ≥ minSeconds).
    static func imagesPerSecond(_ net: Network, batch: Int) throws -> Double {
        var rng = SystemRandomNumberGenerator()
        let count = batch * net.inputShape.reduce(1, *)
        // Clean pixels in [0, 1) plus Gaussian noise σ = 0.25 (Box–Muller), as in smoothing.
        let values = (0..<count).map { _ -> Float in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
            return Float(Double.random(in: 0..<1, using: &rng) + 0.25 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let x = try Tensor(shape: [batch] + net.inputShape, values: values)
        _ = try net.forward(x)
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            _ = try net.forward(x)
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minSeconds
        return Double(calls * batch) / elapsed
    }

    /// Aggregate GFLOP/s of `concurrent` simultaneous single-threaded 1024³ sgemms.
    static func sgemmGFLOPs(concurrent: Int) -> Double {
        let n = 1024, reps = 4
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: concurrent) { _ in
            var c = [Float](repeating: 0, count: n * n)
            for _ in 0..<reps {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                            1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(concurrent * reps) * 2 * pow(Double(n), 3) / seconds / 1e9
    }

    /// Runs scripts/bench/torch_networks.py when torch is importable; label → images/s.
    static func torchFigures() -> [String: Double] {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/bench/torch_networks.py")
        guard FileManager.default.fileExists(atPath: script.path) else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--min-seconds", String(minSeconds)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
