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
        ("ResNet-18", "ResNet18", "imagenet", 32),
        ("ResNet-50", "ResNet", "imagenet", 32),
    ]
    /// Worker threads (RS4A_BENCH_THREADS overrides the default 2, e.g. 1 for a per-core figure).
    static let threads = Int(ProcessInfo.processInfo.environment["RS4A_BENCH_THREADS"] ?? "") ?? 2
    static let minSeconds = 2.0

    static func run() throws {
        print("figures are noisy when other jobs share the machine; \(threads) threads, ≥ \(minSeconds) s per model")
        let coreSetting = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (OPENBLAS_CORETYPE=\($0))" } ?? ""
        print("OpenBLAS kernels: \(BLASBackend.coreName) — \(BLASBackend.selection)\(coreSetting)")
        let isaSetting = ProcessInfo.processInfo.environment["RS4A_DIRECT_CONV_ISA"].map { " (RS4A_DIRECT_CONV_ISA=\($0))" } ?? ""
        print("direct convolution kernels: \(DirectKernels.description)\(isaSetting)")
        openblas_set_num_threads(1)
        let gflops1 = sgemmGFLOPs(concurrent: 1)
        let gflops2 = sgemmGFLOPs(concurrent: threads)
        print(String(format: "sgemm 1024³: %.1f GFLOP/s on 1 thread, %.1f GFLOP/s on %d threads", gflops1, gflops2, threads))
        // RS4A_BENCH_NO_TORCH=1 skips the PyTorch runs and RS4A_BENCH_ONLY=<label> selects one
        // model (quicker iterations while tuning).
        let withTorch = ProcessInfo.processInfo.environment["RS4A_BENCH_NO_TORCH"] == nil
        print("img/s: wall clock; img/CPU-s: per CPU-second of the process (less sensitive to other load)")
        print("model          batch    rs4a img/s   torch img/s   rs4a/torch   rs4a img/CPU-s   torch img/CPU-s   ratio   peak RSS")
        var torchMissing = false
        let only = ProcessInfo.processInfo.environment["RS4A_BENCH_ONLY"]
        for c in cases where only == nil || only == c.label {
            let net = try ModelRegistry.makeRandom(architecture: c.architecture, dataset: c.dataset, seed: 1, threads: threads)
            let (rate, cpuRate) = try imagesPerSecond(net, batch: c.batch)
            // PyTorch right after ours, model by model, so both see similar machine load.
            let rss = peakResidentMB()
            let figures = withTorch ? torchFigures(c.label) : [:]
            let torch = figures[c.label], torchCPU = figures[c.label + "/cpu"]
            torchMissing = torchMissing || torch == nil
            let label = c.label.padding(toLength: 14, withPad: " ", startingAt: 0)
            var line = label + String(format: " %5d  %12.1f", c.batch, rate)
            if let t = torch, let tc = torchCPU {
                line += String(format: "  %12.1f   %9.2f  %15.1f  %16.1f  %6.2f", t, rate / t, cpuRate, tc, cpuRate / tc)
            } else {
                line += String(format: "             –           –  %15.1f                 –       –", cpuRate)
            }
            print(line + String(format: "   %5.0f MB", rss))
        }
        if torchMissing && withTorch { print("(PyTorch figures unavailable: torch not importable or the script failed)") }
        if only == nil || only == "agreement" {
            for c in agreementCases { try agreement(c) }
        }
    }

    typealias AgreementCase = (label: String, architecture: String, dataset: String, images: Int, draws: Int)

    /// The models, clean images and draws of the agreement benchmark: WRN-40-2 runs Winograd (and
    /// the direct kernels on its input layer), LeNet the direct kernels.
    static let agreementCases: [AgreementCase] = [
        ("LeNet", "LeNet", "mnist", 20, 10_000),
        ("WRN-40-2", "WideResNet", "cifar", 20, 10_000),
    ]

    /// Argmax agreement of the fast path (Winograd and direct kernels where they apply) with the straightforward im2col
    /// path over 10⁴ noisy draws (20 clean images × 500 draws each, Gaussian σ = 0.25, batches of
    /// 500), and the peak RSS after the first batch and after all draws: memory must not grow with
    /// the number of draws. A network with random weights predicts one class almost everywhere, so
    /// the logits are standardised per class (mean and spread over the first batch's reference
    /// logits) before the argmax, which is the same as rescaling the rows of the last layer: the
    /// predictions then vary with the input and the margins are small, a stricter comparison.
    static func agreement(_ c: AgreementCase) throws {
        let net = try ModelRegistry.makeRandom(architecture: c.architecture, dataset: c.dataset, seed: 1, threads: threads)
        let reference = net.using(.im2col)
        let d = net.inputShape.reduce(1, *), perImage = c.draws / c.images, k = net.classes
        var noise = NoiseSource(seed: 0x9E37_79B9_7F4A_7C15)
        var agree = 0, classes = Set<Int>()
        var rssAfterFirst = 0.0
        var batch = [Float](repeating: 0, count: perImage * d)
        var mean = [Float](repeating: 0, count: k), spread = [Float](repeating: 1, count: k)
        let standardisedArgmax = { (logits: Tensor) -> [Int] in
            (0..<logits.shape[0]).map { r in
                (0..<k).max { a, b in
                    (logits.values[r * k + a] - mean[a]) / spread[a] < (logits.values[r * k + b] - mean[b]) / spread[b]
                }!
            }
        }
        for image in 0..<c.images {
            let clean = (0..<d).map { _ in Float(noise.uniform()) }
            for i in 0..<perImage {
                for j in 0..<d { batch[i * d + j] = clean[j] + 0.25 * Float(noise.gaussian()) }
            }
            let x = try Tensor(shape: [perImage] + net.inputShape, values: batch)
            let fast = try net.forward(x), slow = try reference.forward(x)
            if image == 0 {
                for j in 0..<k {
                    let column = (0..<perImage).map { Double(slow.values[$0 * k + j]) }
                    let m = column.reduce(0, +) / Double(perImage)
                    let v = column.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(perImage)
                    mean[j] = Float(m)
                    spread[j] = Float(max(v.squareRoot(), 1e-6))
                }
            }
            let a = standardisedArgmax(fast), b = standardisedArgmax(slow)
            agree += zip(a, b).filter { $0 == $1 }.count
            classes.formUnion(b)
            if image == 0 { rssAfterFirst = peakResidentMB() }
        }
        print(String(format: "argmax agreement, fast vs im2col path, %@ (random weights, logits standardised per class), "
                     + "%d noisy draws (%d images × %d, σ = 0.25; %d distinct classes predicted): %.2f%% (%d differ)",
                     c.label, c.draws, c.images, perImage, classes.count, 100 * Double(agree) / Double(c.draws),
                     c.draws - agree))
        print(String(format: "peak RSS: %.0f MB after the first %d draws, %.0f MB after %d draws",
                     rssAfterFirst, perImage, peakResidentMB(), c.draws))
    }

    /// The process's peak resident set size (getrusage ru_maxrss, kilobytes on Linux) in MB.
    static func peakResidentMB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Images per wall-clock second and per CPU-second of `net.forward` on a noisy random batch
    /// (one warm-up call, then ≥ minSeconds). The CPU figure is less sensitive to other load.
    static func imagesPerSecond(_ net: Network, batch: Int) throws -> (wall: Double, cpu: Double) {
        let count = batch * net.inputShape.reduce(1, *)
        // Clean pixels in [0, 1) plus Gaussian noise σ = 0.25 (Box–Muller on a cheap LCG), as in smoothing.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let uniform = { () -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992.0
        }
        let values = (0..<count).map { _ -> Float in
            let u = uniform(), v = uniform()
            return Float(uniform() + 0.25 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let x = try Tensor(shape: [batch] + net.inputShape, values: values)
        _ = try net.forward(x)
        var calls = 0
        let cpuStart = cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            _ = try net.forward(x)
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minSeconds
        return (Double(calls * batch) / elapsed, Double(calls * batch) / (cpuSeconds() - cpuStart))
    }

    /// A small deterministic uniform / Gaussian source (LCG + Box–Muller) for benchmark inputs.
    struct NoiseSource {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992.0
        }
        mutating func gaussian() -> Double {
            let u = uniform(), v = uniform()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// User + system CPU time of the process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let t = { (v: timeval) in Double(v.tv_sec) + Double(v.tv_usec) / 1e6 }
        return t(usage.ru_utime) + t(usage.ru_stime)
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

    /// Runs scripts/bench/torch_networks.py for one model when torch is importable; label → images/s.
    static func torchFigures(_ label: String) -> [String: Double] {
        PeerScript.figures("torch_networks.py", arguments: ["--min-seconds", String(minSeconds), label])
    }
}
