import Foundation
import RS4A

/// test_args.json in an experiment folder: what `rs4a-cli test` ran, so that a resumed run or a
/// shard can check it continues the same experiment and `analyze` knows the noise of each folder.
/// The checkpoint is identified by its content (`checkpointSHA256`); its path is informational.
struct ExperimentRecord: Codable, Equatable {
    var noise: String
    var sigma: Double
    var lambd: Double
    var k: Double?
    var j: Double?
    var a: Double?
    var p: Double?
    var dataset: String
    var model: String
    /// The checkpoint's path when the record was written (informational: not compared).
    var checkpoint: String
    /// SHA-256 of the checkpoint file (nil in records of older versions).
    var checkpointSHA256: String?
    var sampleSizePred: Int
    var sampleSizeCert: Int
    var alpha: Double
    var seed: UInt64
    var datasetSkip: Int
    /// Images in the (skipped) test subset.
    var count: Int
    var classes: Int
    var trainAccuracy: Bool
    var trainDatasetSkip: Int
    /// Training images in the smoothed training-accuracy pass (0 when it is off).
    var trainCount: Int

    static let fileName = "test_args.json"

    /// The label `analyze` uses for the noise: its short name with shape parameters, e.g. "ExpInf(k=10,j=100)".
    var noiseLabel: String {
        let noise = (try? NoiseKind(name: self.noise).shortName) ?? self.noise
        let params = [("k", k), ("j", j), ("a", a), ("p", p)].compactMap { n, v in v.map { "\(n)=\(ResultLog.format($0))" } }
        return params.isEmpty ? noise : noise + "(" + params.joined(separator: ",") + ")"
    }

    /// What differs from `other` besides the checkpoint's path, as "name: mine (recorded: theirs)";
    /// empty when both describe the same experiment. A missing checkpoint hash never matches.
    func differences(from other: ExperimentRecord) -> [String] {
        guard let mine = try? fields(), let theirs = try? other.fields() else { return ["(unreadable record)"] }
        var out = [String]()
        if other.checkpointSHA256 == nil {
            out.append("checkpoint content not recorded (written by an older rs4a-cli): the results cannot be tied to this checkpoint")
        } else if checkpointSHA256 != other.checkpointSHA256 {
            out.append("checkpoint content (SHA-256 \(checkpointSHA256 ?? "unknown") now, \(other.checkpointSHA256 ?? "") then: "
                       + "the model was retrained or replaced)")
        }
        for key in Set(mine.keys).union(theirs.keys).sorted() where key != "checkpoint" && key != "checkpointSHA256" {
            let a = mine[key] ?? "(none)", b = theirs[key] ?? "(none)"
            if a != b { out.append("\(key): \(a) (recorded: \(b))") }
        }
        return out
    }

    /// Every field as JSON text, by name.
    private func fields() throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as? [String: Any] ?? [:]
        return object.mapValues { value in
            (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        }
    }

    func write(to dir: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(self).write(to: dir.appendingPathComponent(Self.fileName), options: .atomic)
    }

    static func read(from dir: URL) throws -> ExperimentRecord {
        let url = dir.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw WorkflowError.missing("\(url.path) not found (written by rs4a-cli test)")
        }
        do { return try JSONDecoder().decode(ExperimentRecord.self, from: Data(contentsOf: url)) } catch {
            throw WorkflowError.incompatible("\(url.path) is not a valid test record: \(error)")
        }
    }
}

/// `--shard i/n`: this machine's part of the test subset (positions p with p mod n = i − 1).
struct Shard: Equatable, CustomStringConvertible {
    let index: Int
    let count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "i/n" with 1 ≤ i ≤ n.
    init(parsing text: String) throws {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 1, i <= n else {
            throw WorkflowError.invalidOption("--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/4), got \"\(text)\"")
        }
        self.init(index: i, count: n)
    }

    static let whole = Shard(index: 1, count: 1)

    var description: String { "\(index)/\(count)" }

    func contains(_ position: Int) -> Bool { position % count == index - 1 }

    /// File-name suffix: "" for the whole set, "_shard2of4" otherwise.
    var suffix: String { count == 1 ? "" : "_shard\(index)of\(count)" }
}

/// Seed of one image's draws: a SplitMix64 mix of the run seed and the image's dataset index,
/// so results depend on neither the order nor the machine that processes the image.
func imageSeed(_ seed: UInt64, datasetIndex: Int) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (UInt64(datasetIndex) &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
