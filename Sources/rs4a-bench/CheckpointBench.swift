import Foundation
import RS4ANet

/// Checkpoint I/O throughput on a ResNet-50-sized state dict (≈25.6 M float32
/// parameters, ≈100 MB): write with `CheckpointWriter`, read back with
/// `CheckpointLoader` (zip) and convert every tensor with `floatValues()`; then
/// `torch.load` of the same file via scripts/bench/checkpoint_bench.py when torch is
/// installed. Extra files (e.g. torch-written zip/legacy checkpoints) can be timed by
/// listing them, colon-separated, in RS4A_CHECKPOINT_FILES.
enum CheckpointBench {
    /// Parameter shapes of torchvision's resnet50 (conv, bn weight/bias/mean/var), grouped.
    static func resnet50Shapes() -> [[Int]] {
        var shapes: [[Int]] = [[64, 3, 7, 7]] + Array(repeating: [64], count: 4)
        var inplanes = 64
        for (planes, blocks) in [(64, 3), (128, 4), (256, 6), (512, 3)] {
            for b in 0 ..< blocks {
                let width = planes, out = planes * 4
                shapes += [[width, inplanes, 1, 1]] + Array(repeating: [width], count: 4)
                shapes += [[width, width, 3, 3]] + Array(repeating: [width], count: 4)
                shapes += [[out, width, 1, 1]] + Array(repeating: [out], count: 4)
                if b == 0 { shapes += [[out, inplanes, 1, 1]] + Array(repeating: [out], count: 4) }
                inplanes = out
            }
        }
        return shapes + [[1000, 2048], [1000]]
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func report(_ path: String, label: String) throws {
        let url = URL(fileURLWithPath: path)
        let bytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
        var best = Double.infinity, bestConvert = Double.infinity
        var sink: Float = 0 // keeps the conversions observable
        for _ in 0 ..< 3 {
            var sd: StateDict?
            best = min(best, try time { sd = try CheckpointLoader.load(contentsOf: url) })
            if let sd {
                bestConvert = min(bestConvert, try time {
                    for key in sd.keys where sd[key]?.dtype.isFloatingPoint == true {
                        let v = try sd[key]?.floatValues() ?? []
                        sink += v.isEmpty ? 0 : v[v.count / 2]
                    }
                })
            }
        }
        print(String(format: "%@: load %.3f s (%.0f MB/s), floatValues of all tensors %.3f s (checksum %g)",
                     label, best, bytes / best / 1e6, bestConvert, sink))
    }

    static func run() throws {
        var entries: [(String, CheckpointTensor)] = []
        var total = 0
        for (i, shape) in resnet50Shapes().enumerated() {
            let n = shape.reduce(1, *)
            total += n
            entries.append(("model.module.p\(i)", try CheckpointTensor(shape: shape, floats: (0 ..< n).map { Float($0 % 1000) * 1e-3 })))
        }
        let sd = try StateDict(entries)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-bench-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        let write = try time { try CheckpointWriter.saveTorchZip(sd, to: url) }
        print(String(format: "state dict: %d tensors, %.1f M float32 parameters", sd.count, Double(total) / 1e6))
        print(String(format: "CheckpointWriter.saveTorchZip: %.3f s", write))
        try report(url.path, label: "CheckpointLoader (zip written by rs4a)")
        for extra in (ProcessInfo.processInfo.environment["RS4A_CHECKPOINT_FILES"] ?? "").split(separator: ":") {
            try report(String(extra), label: "CheckpointLoader (\(extra))")
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/bench/checkpoint_bench.py")
        fflush(nil) // keep our lines before the child's
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, url.path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            print("PyTorch comparison skipped: \(error)")
        }
    }
}
