import Foundation
import RS4AData

/// File layout of `rs4a-cli test` results in an experiment folder, and turning complete logs
/// (one run's, or every shard's) into the final files: results.csv, the .npy arrays of the
/// reference (preds, labels, prob_lb, preds_nll, radius_l1, radius_l2, radius_linf) and acc_train.npy.
enum TestResults {
    static let fixedColumns = ["index", "dataset_index", "label", "pred", "prob_lb", "preds_nll", "radius_l1", "radius_l2", "radius_linf"]
    static let trainColumns = ["index", "dataset_index", "label", "pred"]

    static func columns(classes: Int) -> [String] { fixedColumns + (0..<classes).map { "preds_\($0)" } }

    static func logURL(_ dir: URL, _ shard: Shard) -> URL { dir.appendingPathComponent("results\(shard.suffix).csv") }
    static func trainLogURL(_ dir: URL, _ shard: Shard) -> URL { dir.appendingPathComponent("train_acc\(shard.suffix).csv") }

    /// Names of the result and train-accuracy logs (whole-run or per shard) present in `dir`, sorted.
    static func logFiles(in dir: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { name in
            name.hasSuffix(".csv") && (name == "results.csv" || name.hasPrefix("results_shard") || name.hasPrefix("train_acc"))
        }.sorted()
    }

    /// Shard logs present in `dir`, grouped by shard count.
    static func shardCounts(in dir: URL) -> Set<Int> {
        var counts = Set<Int>()
        for n in logFiles(in: dir) where n.hasPrefix("results_shard") {
            if let r = n.range(of: "of"), let c = Int(n[r.upperBound...].dropLast(4)) { counts.insert(c) }
        }
        return counts
    }

    /// Whether the final arrays exist.
    static func isFinal(_ dir: URL) -> Bool {
        ["preds", "labels"].allSatisfy {
            FileManager.default.fileExists(atPath: dir.appendingPathComponent("\($0).npy").path)
        }
    }

    /// Gathers the rows of every shard of `count` shards; nil (with the reason) if some are missing.
    static func gather(_ dir: URL, record: ExperimentRecord, shards: Int) throws -> (results: [Int: [Double]], train: [Int: [Double]])? {
        var results = [Int: [Double]](), train = [Int: [Double]]()
        for i in 1...shards {
            let s = Shard(index: i, count: shards)
            let url = logURL(dir, s)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            for (k, v) in try ResultLog.read(url, columns: columns(classes: record.classes)) {
                if let old = results[k], old != v {
                    throw WorkflowError.incompatible("shard logs disagree on image \(k) (\(url.lastPathComponent)); were they run with the same settings?")
                }
                results[k] = v
            }
            if record.trainAccuracy {
                let t = trainLogURL(dir, s)
                guard FileManager.default.fileExists(atPath: t.path) else { return nil }
                for (k, v) in try ResultLog.read(t, columns: trainColumns) { train[k] = v }
            }
        }
        return (results, train)
    }

    /// Writes the final files when every image (and, if recorded, every training image) has a row.
    /// Returns false (writing nothing) when some rows are still missing.
    @discardableResult
    static func finalize(_ dir: URL, record: ExperimentRecord, results: [Int: [Double]], train: [Int: [Double]]) throws -> Bool {
        let trainCount = record.trainCount
        guard (0..<record.count).allSatisfy({ results[$0] != nil }) else { return false }
        if record.trainAccuracy && !(0..<trainCount).allSatisfy({ train[$0] != nil }) { return false }
        let rows = (0..<record.count).map { results[$0]! }
        let k = record.classes
        let cols = columns(classes: k)
        func col(_ name: String) -> [Double] {
            let c = cols.firstIndex(of: name)!
            return rows.map { $0[c] }
        }
        let n = rows.count
        try NpyFormat.write(NpyArray(float64: rows.flatMap { $0[fixedColumns.count...] }, shape: [n, k]), to: dir.appendingPathComponent("preds.npy"))
        try NpyFormat.write(NpyArray(int64: col("label").map { Int($0) }, shape: [n]), to: dir.appendingPathComponent("labels.npy"))
        for name in ["prob_lb", "preds_nll", "radius_l1", "radius_l2", "radius_linf"] {
            try NpyFormat.write(NpyArray(float64: col(name), shape: [n]), to: dir.appendingPathComponent("\(name).npy"))
        }
        if record.trainAccuracy {
            let correct = (0..<trainCount).map { i -> Double in
                let r = train[i]!
                return r[2] == r[3] ? 1 : 0
            }
            let mean = correct.reduce(0, +) / Double(max(correct.count, 1))
            let variance = correct.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(correct.count - 1, 1))
            try NpyFormat.write(NpyArray(float64: [mean, variance.squareRoot()], shape: [2]), to: dir.appendingPathComponent("acc_train.npy"))
        }
        // results.csv in index order (for a sharded run, the merged table).
        var text = cols.joined(separator: ",") + "\n"
        for r in rows { text += r.map(ResultLog.format).joined(separator: ",") + "\n" }
        try Data(text.utf8).write(to: dir.appendingPathComponent("results.csv"), options: .atomic)
        return true
    }

    /// Merges the shard logs of `dir` when all are complete. Returns a status message.
    static func merge(_ dir: URL) throws -> String {
        let record = try ExperimentRecord.read(from: dir)
        let counts = shardCounts(in: dir)
        guard !counts.isEmpty else { throw WorkflowError.missing("\(dir.path): no shard logs results_shard<i>of<n>.csv to merge") }
        guard counts.count == 1, let n = counts.first else {
            throw WorkflowError.incompatible("\(dir.path) holds shard logs of different shard counts \(counts.sorted()); keep one set")
        }
        guard let (results, train) = try gather(dir, record: record, shards: n) else {
            throw WorkflowError.missing("\(dir.path): not every shard of \(n) has its results_shard<i>of\(n).csv (and train_acc_shard… when recorded)")
        }
        guard try finalize(dir, record: record, results: results, train: train) else {
            let missing = (0..<record.count).filter { results[$0] == nil }.count
            throw WorkflowError.missing("\(dir.path): shards are incomplete (\(missing) of \(record.count) test images missing); finish them first")
        }
        return "merged \(n) shards of \(dir.lastPathComponent): \(record.count) images"
    }
}
