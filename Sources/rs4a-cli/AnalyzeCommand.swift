import ArgumentParser
import Foundation
import RS4AData

/// `rs4a-cli analyze`: the seed's scripts/analyze.py over every experiment folder of --dir.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Certified accuracy against radius over every experiment in --dir (the seed's `python3 -m scripts.analyze`).",
        discussion: """
            Writes <dir>/results_<dataset>_l<adv>.csv (certified accuracy at 81 radii from 0 to --eps-max per \
            experiment), prints the paper's table (best certified accuracy per noise at radii 0.5 … 4.0) and \
            draws certified_accuracies_l<adv>.png (best over σ per noise), per_sigma_l<adv>.png (one panel per σ) \
            and train_test_accuracies.png (smoothed train and test accuracy against σ).
            """)

    @Option(help: "Folder of experiment folders (each written by rs4a-cli test).") var dir = "./ckpts"
    @Option(help: "Adversary: 1, 2 or inf.") var adv = "1"
    @Option(help: "Largest radius of the curves.") var epsMax = 5.0
    @Flag(help: "Accepted for the seed's command; the images are written to --dir (use the Python rs4a.analyze --show for windows).")
    var show = false

    func run() throws {
        do { try analyze() } catch {
            printError("rs4a-cli analyze: error: \(error)")
            throw ExitCode.failure
        }
    }

    /// "l1", "l2" or "linf" from --adv.
    static func advSuffix(_ text: String) throws -> String {
        switch text.lowercased() {
        case "1", "1.0", "l1": return "l1"
        case "2", "2.0", "l2": return "l2"
        case "inf", "infinity", "linf", "∞": return "linf"
        default: throw WorkflowError.invalidOption("--adv must be 1, 2 or inf, got \(text)")
        }
    }

    func analyze() throws {
        let suffix = try Self.advSuffix(adv)
        guard epsMax > 0, epsMax.isFinite else { throw WorkflowError.invalidOption("--eps-max must be finite and > 0, got \(epsMax)") }
        let root = URL(fileURLWithPath: dir)
        guard DatasetLoaderCheck.isDirectory(root) else { throw WorkflowError.missing("--dir \(dir) is not a directory") }
        var results = [ExperimentResult]()
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let sub = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: sub.appendingPathComponent(ExperimentRecord.fileName).path) else { continue }
            do { results.append(try ExperimentResult.load(sub, adv: suffix)) } catch { printError("skipping \(name): \(error)") }
        }
        guard !results.isEmpty else {
            throw WorkflowError.missing("no finished experiments in \(dir) (folders with \(ExperimentRecord.fileName) and the .npy results of rs4a-cli test)")
        }
        let advName = suffix == "linf" ? "ℓ∞" : "ℓ" + suffix.dropFirst()
        let datasets = Array(Set(results.map(\.record.dataset))).sorted()
        for dataset in datasets {
            let report = AnalysisReport(experiments: results.filter { $0.record.dataset == dataset }, epsMax: epsMax)
            let csvURL = root.appendingPathComponent("results_\(dataset)_\(suffix).csv")
            try Data(report.csv().utf8).write(to: csvURL, options: .atomic)
            print("\(dataset): \(report.experiments.count) experiments → \(csvURL.path)")
            print(report.table(advName: advName))
            let tag = datasets.count > 1 ? "_\(dataset)" : ""
            for (file, canvas) in AnalysisPlots.all(report, advName: advName) {
                let name = file.replacingOccurrences(of: "{adv}", with: suffix).replacingOccurrences(of: ".png", with: "\(tag).png")
                let url = root.appendingPathComponent(name)
                try canvas.png().write(to: url, options: .atomic)
                print("wrote \(url.path)")
            }
        }
    }
}

/// Directory check shared by the commands.
enum DatasetLoaderCheck {
    static func isDirectory(_ url: URL) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &d) && d.boolValue
    }
}
