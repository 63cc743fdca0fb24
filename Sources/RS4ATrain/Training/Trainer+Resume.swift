import Foundation
import RS4ANet

/// The resume point: epochs done and the loss log (the model and momentum are torch zip files).
struct ResumeRecord: Codable {
    var epochsDone: Int
    var losses: [Double]
    var options: TrainOptions
}

extension Trainer {
    func saveResumePoint() throws {
        try model.save(to: directory.appendingPathComponent("resume_model.torch"))
        let momentum = try model.parameters.compactMap { p -> (String, CheckpointTensor)? in
            guard let m = p.momentum else { return nil }
            return (p.name, try CheckpointTensor(shape: p.shape, floats: m))
        }
        try CheckpointWriter.saveTorchZip(StateDict(momentum), to: directory.appendingPathComponent("resume_momentum.torch"))
        let record = ResumeRecord(epochsDone: epochsDone, losses: losses, options: options)
        try JSONEncoder().encode(record).write(to: directory.appendingPathComponent("resume.json"), options: .atomic)
    }

    /// Loads the resume point if one exists for the same options (other than `numEpochs`/`resume`).
    func restore(log: (String) -> Void) throws {
        let url = directory.appendingPathComponent("resume.json")
        guard let data = try? Data(contentsOf: url) else { return }
        let record: ResumeRecord
        do { record = try JSONDecoder().decode(ResumeRecord.self, from: data) } catch {
            throw TrainError.io("\(url.path) is corrupt: \(error.localizedDescription); delete it to start afresh")
        }
        var mine = options, theirs = record.options
        mine.numEpochs = 0; theirs.numEpochs = 0; mine.resume = true; theirs.resume = true
        guard mine == theirs else {
            throw TrainError.invalidParameter(name: "experiment-name", message: "\(directory.path) holds a run with other arguments; use another name or --no-resume")
        }
        try model.load(CheckpointLoader.load(contentsOf: directory.appendingPathComponent("resume_model.torch")))
        let momentum = try CheckpointLoader.load(contentsOf: directory.appendingPathComponent("resume_momentum.torch"))
        for p in model.parameters {
            if let t = momentum[p.name] { p.momentum = try t.floatValues() }
        }
        setResumeState(epochsDone: record.epochsDone, losses: record.losses)
        log("Resuming \(options.experimentName) after epoch \(record.epochsDone)")
    }
}
