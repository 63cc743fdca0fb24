import Foundation
import RS4ANet

/// The resume point (`resume.json`): epochs done, the loss log and the loss meter carried into
/// the next epoch, and the names of that epoch's model and momentum files.
struct ResumeRecord: Codable {
    var epochsDone: Int
    var losses: [Double]
    var options: TrainOptions
    /// Sum and count of the losses since the last logged mean (nil in files of older versions).
    var meterSum: Double?
    var meterCount: Int?
    /// `resume_model_<epochs>.torch` and `resume_momentum_<epochs>.torch` (nil in files of older
    /// versions, which used `resume_model.torch` and `resume_momentum.torch`).
    var modelFile: String?
    var momentumFile: String?
}

extension Trainer {
    static let resumeFile = "resume.json"
    private static let resumePrefixes = ["resume_model", "resume_momentum"]

    /// Writes the resume point so that a kill at any moment leaves a complete one: this epoch's
    /// model and momentum go to new files, then `resume.json` naming them replaces the old one
    /// (the commit), and only then are the previous epoch's files deleted. Each file is written
    /// to a temporary name, flushed and renamed (`DurableFile`). `modelBytes` is the model's
    /// checkpoint as `CheckpointWriter.torchZipData` serialised it this epoch.
    func saveResumePoint(modelBytes: Data) throws {
        let modelFile = "resume_model_\(epochsDone).torch", momentumFile = "resume_momentum_\(epochsDone).torch"
        try DurableFile.write(modelBytes, to: directory.appendingPathComponent(modelFile))
        let momentum = try model.parameters.compactMap { p -> (String, CheckpointTensor)? in
            guard let m = p.momentum else { return nil }
            return (p.name, try CheckpointTensor(shape: p.shape, floats: m))
        }
        try DurableFile.write(CheckpointWriter.torchZipData(StateDict(momentum)), to: directory.appendingPathComponent(momentumFile))
        let meter = lossMeter
        let record = ResumeRecord(epochsDone: epochsDone, losses: losses, options: options, meterSum: meter.sum,
                                  meterCount: meter.count, modelFile: modelFile, momentumFile: momentumFile)
        try DurableFile.write(JSONEncoder().encode(record), to: directory.appendingPathComponent(Self.resumeFile))
        removeResumeFiles(except: [modelFile, momentumFile])
    }

    /// Loads the resume point if one exists.
    /// - Throws: `TrainError.incompatibleRun` when it belongs to a run with other training
    ///   options (listed), `TrainError.io` when it is unreadable or incomplete.
    func restore(log: (String) -> Void) throws {
        let url = directory.appendingPathComponent(Self.resumeFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let record: ResumeRecord
        do { record = try JSONDecoder().decode(ResumeRecord.self, from: Data(contentsOf: url)) } catch {
            throw TrainError.io("\(url.path) is corrupt: \(error.localizedDescription); rerun with --no-resume to start afresh")
        }
        let conflicts = options.resumeConflicts(with: record.options)
        guard conflicts.isEmpty else {
            throw TrainError.incompatibleRun(
                "\(directory.path) holds a run with other training options: \(conflicts.joined(separator: ", ")). "
                    + "Rerun with the saved run's options to continue it, or use another --experiment-name, or --no-resume to start afresh")
        }
        guard record.epochsDone >= 0, record.epochsDone <= options.numEpochs else {
            throw TrainError.io("\(url.path) records \(record.epochsDone) epochs of \(options.numEpochs); rerun with --no-resume")
        }
        let modelFile = record.modelFile ?? "resume_model.torch", momentumFile = record.momentumFile ?? "resume_momentum.torch"
        // Only names this trainer writes: a hand-edited record must not point outside the run's folder.
        for (name, kind) in [(modelFile, "model"), (momentumFile, "momentum")]
        where name.range(of: "^resume_\(kind)(_[0-9]+)?\\.torch$", options: .regularExpression) == nil {
            throw TrainError.io("\(url.path) names \(kind) file \"\(name)\", not one of the trainer's resume_\(kind)_<epoch>.torch; rerun with --no-resume")
        }
        let modelURL = directory.appendingPathComponent(modelFile)
        let momentumURL = directory.appendingPathComponent(momentumFile)
        for file in [modelURL, momentumURL] where !FileManager.default.fileExists(atPath: file.path) {
            throw TrainError.io("the resume point in \(directory.path) is incomplete: \(file.lastPathComponent) is missing; rerun with --no-resume")
        }
        try model.load(CheckpointLoader.load(contentsOf: modelURL))
        let momentum = try CheckpointLoader.load(contentsOf: momentumURL)
        for p in model.parameters {
            guard let t = momentum[p.name] else { continue }
            let values = try t.floatValues()
            guard values.count == p.value.count else {
                throw TrainError.io("\(momentumURL.path): momentum of \(p.name) has \(values.count) values, the parameter \(p.value.count); rerun with --no-resume")
            }
            p.momentum = values
        }
        setResumeState(epochsDone: record.epochsDone, losses: record.losses,
                       meter: (record.meterSum ?? 0, record.meterCount ?? 0))
        log("Resuming \(options.experimentName) after epoch \(record.epochsDone)")
    }

    /// Deletes the resume point (for a run started with `resume == false`), so that a kill
    /// before its first epoch ends cannot later resume the discarded run.
    func discardResumePoint() throws {
        let url = directory.appendingPathComponent(Self.resumeFile)
        if FileManager.default.fileExists(atPath: url.path) {
            do { try FileManager.default.removeItem(at: url) } catch {
                throw TrainError.io("cannot remove \(url.path): \(error.localizedDescription)")
            }
        }
        removeResumeFiles(except: [])
    }

    /// Removes model/momentum files of other resume points and temporary files of interrupted
    /// writes (best effort: a leftover file is never read).
    private func removeResumeFiles(except keep: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where !keep.contains(name) {
            let stale = Self.resumePrefixes.contains { name.hasPrefix($0) } || name == Self.resumeFile + DurableFile.partialSuffix
            if stale { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        }
    }
}
