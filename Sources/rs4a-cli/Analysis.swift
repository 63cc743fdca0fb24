import Foundation
import RS4AData

/// One experiment folder's test results, reduced to what `analyze` reports.
struct ExperimentResult {
    let name: String
    let record: ExperimentRecord
    /// Smoothed training accuracy (acc_train.npy[0]); NaN when the folder has none.
    let accTrain: Double
    /// Clean (smoothed-prediction) test accuracy.
    let accPred: Double
    /// Per image: the radius against the chosen adversary, and whether the top class is right.
    let radius: [Double]
    let correct: [Bool]

    var noise: String { record.noiseLabel }
    var sigma: Double { record.sigma }

    /// Fraction of images classified correctly with radius ≥ eps.
    func certifiedAccuracy(at eps: Double) -> Double {
        guard !radius.isEmpty else { return .nan }
        var n = 0
        for (r, ok) in zip(radius, correct) where ok && r >= eps { n += 1 }
        return Double(n) / Double(radius.count)
    }

    /// Reads `dir` (merging complete shard logs first when the arrays are missing).
    static func load(_ dir: URL, adv: String) throws -> ExperimentResult {
        let record = try ExperimentRecord.read(from: dir)
        if !TestResults.isFinal(dir) {
            guard !TestResults.shardCounts(in: dir).isEmpty else {
                throw WorkflowError.missing("\(dir.lastPathComponent): test has not finished (no preds.npy); rerun rs4a-cli test to complete it")
            }
            _ = try TestResults.merge(dir)
        }
        let preds = try NpyFormat.read(dir.appendingPathComponent("preds.npy"))
        let labels = try NpyFormat.read(dir.appendingPathComponent("labels.npy")).ints(file: "labels.npy")
        let radius = try NpyFormat.read(dir.appendingPathComponent("radius_\(adv).npy")).doubles()
        guard preds.shape.count == 2, preds.shape[0] == labels.count, radius.count == labels.count else {
            throw WorkflowError.incompatible("\(dir.lastPathComponent): preds \(preds.shape), labels \(labels.count), radius_\(adv) \(radius.count) disagree")
        }
        let k = preds.shape[1]
        let p = preds.doubles()
        let top = (0..<labels.count).map { i -> Int in
            var best = 0
            for c in 1..<max(k, 1) where p[i * k + c] > p[i * k + best] { best = c }  // first maximum, as argmax
            return best
        }
        let correct = zip(top, labels).map { $0 == $1 }
        let accTrainURL = dir.appendingPathComponent("acc_train.npy")
        let accTrain = FileManager.default.fileExists(atPath: accTrainURL.path) ? (try NpyFormat.read(accTrainURL).doubles().first ?? .nan) : .nan
        return ExperimentResult(name: dir.lastPathComponent, record: record, accTrain: accTrain,
                                accPred: Double(correct.filter { $0 }.count) / Double(max(correct.count, 1)),
                                radius: radius, correct: correct)
    }
}

/// The reports of `analyze` for one dataset's experiments.
struct AnalysisReport {
    let experiments: [ExperimentResult]
    let eps: [Double]
    /// The paper's table radii.
    static let tableRadii = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]

    init(experiments: [ExperimentResult], epsMax: Double, points: Int = 81) {
        // Sorted by noise, then name: the CSV's row order (the reference's arrange(X.noise)).
        self.experiments = experiments.sorted { ($0.noise, $0.name) < ($1.noise, $1.name) }
        eps = (0..<points).map { epsMax * Double($0) / Double(points - 1) }
    }

    var noises: [String] { Array(Set(experiments.map(\.noise))).sorted() }
    var sigmas: [Double] { Array(Set(experiments.map(\.sigma))).sorted() }

    /// results_<dataset>_l<adv>.csv: one row per experiment and radius.
    func csv() -> String {
        var s = "experiment_name,sigma,noise,eps,top_1_acc_train,top_1_acc_cert,top_1_acc_pred\n"
        for e in experiments {
            for r in eps {
                let cells = [e.name, ResultLog.format(e.sigma), e.noise, ResultLog.format(r), ResultLog.format(e.accTrain),
                             ResultLog.format(e.certifiedAccuracy(at: r)), ResultLog.format(e.accPred)]
                s += cells.map(Self.csvField).joined(separator: ",") + "\n"
            }
        }
        return s
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Best certified accuracy over the experiments of `noise` at `radius`, with that experiment's σ.
    func best(noise: String, radius: Double) -> (acc: Double, sigma: Double)? {
        experiments.filter { $0.noise == noise }.map { ($0.certifiedAccuracy(at: radius), $0.sigma) }
            .max { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) }
    }

    /// The paper's table: best certified accuracy per noise at radii 0.5, 1.0, …, 4.0 (σ of the best model).
    func table(advName: String) -> String {
        let head = "noise".padding(toLength: 22, withPad: " ", startingAt: 0)
            + Self.tableRadii.map { "r=\(LinePlot.label($0))".padding(toLength: 15, withPad: " ", startingAt: 0) }.joined()
        var lines = ["Top-1 certified accuracy against \(advName), best over σ per noise (σ of that model):", head]
        for n in noises {
            var line = String(n.prefix(21)).padding(toLength: 22, withPad: " ", startingAt: 0)
            for r in Self.tableRadii {
                let cell = best(noise: n, radius: r).map { String(format: "%.3f (%@)", $0.acc, LinePlot.label($0.sigma)) } ?? "-"
                line += cell.padding(toLength: 15, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
