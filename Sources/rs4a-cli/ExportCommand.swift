import ArgumentParser
import Foundation
import RS4AData

/// `rs4a-cli export`: a dataset split as plain .npy arrays (what the readers decode), for tools
/// that take arrays — e.g. `<out>/train_x.npy` (float32 N×C×H×W in [0, 1]) and `train_y.npy` (int64).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a dataset split as <split>_x.npy (float32 N×C×H×W in [0, 1]) and <split>_y.npy (int64).")

    @Option(help: "Dataset: \(DatasetLoader.names.joined(separator: ", ")).") var dataset: String
    @Option(help: "train or test.") var split = "train"
    @Option(help: "Where the dataset files are.") var dataDir = "data"
    @Option(help: "Output folder.") var out: String
    @Option(help: "Keep every n-th image.") var skip = 1

    func run() throws {
        do {
            guard let s = DatasetSplit(rawValue: split) else { throw WorkflowError.invalidOption("--split must be train or test, got \(split)") }
            guard skip >= 1 else { throw WorkflowError.invalidOption("--skip must be ≥ 1, got \(skip)") }
            let source = try DatasetLoader.source(name: dataset, split: s, dataDir: URL(fileURLWithPath: dataDir))
            let indices = Array(stride(from: 0, to: source.count, by: skip))
            var x = [Float]()
            x.reserveCapacity(indices.count * source.imageSize)
            var y = [Int]()
            for i in indices {
                x += try source.image(at: i)
                y.append(try source.label(at: i))
            }
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try NpyFormat.write(NpyArray(float32: x, shape: [indices.count] + source.shape), to: dir.appendingPathComponent("\(split)_x.npy"))
            try NpyFormat.write(NpyArray(int64: y, shape: [indices.count]), to: dir.appendingPathComponent("\(split)_y.npy"))
            print("wrote \(indices.count) images of shape \(source.shape) to \(dir.path)/\(split)_{x,y}.npy")
        } catch {
            printError("rs4a-cli export: error: \(error)")
            throw ExitCode.failure
        }
    }
}
