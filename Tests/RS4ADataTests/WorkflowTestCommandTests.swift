import Foundation
import RS4AData
import XCTest

/// `rs4a-cli test` end to end on the digits with the shipped demo model: file contents,
/// resume after --max-images and after a kill, and shard merging — all compared with one
/// uninterrupted reference run with the same seed.
final class WorkflowTestCommandTests: XCTestCase {
    nonisolated(unsafe) private static var reference: URL?

    /// The uninterrupted run every other test compares with (made once).
    private func referenceRun() throws -> URL {
        if let r = Self.reference { return r }
        let out = try CLI.scratch("reference")
        let r = try CLI.run(CLI.testArguments(output: out, name: "exp"))
        XCTAssertEqual(r.status, 0, r.stderr)
        Self.reference = out.appendingPathComponent("exp")
        return Self.reference!
    }

    func testFilesAreCompleteAndConsistent() throws {
        let dir = try referenceRun()
        let preds = try NpyFormat.read(dir.appendingPathComponent("preds.npy"))
        XCTAssertEqual(preds.shape, [15, 10])
        let labels = try NpyFormat.read(dir.appendingPathComponent("labels.npy")).ints()
        let expected = try DatasetLoader.load(name: "digits", split: .test, dataDir: datasetFixtures)
        XCTAssertEqual(labels, stride(from: 0, to: 297, by: 20).map { expected.labels[$0] })
        let p = preds.doubles()
        let rho = try NpyFormat.read(dir.appendingPathComponent("prob_lb.npy")).doubles()
        let nll = try NpyFormat.read(dir.appendingPathComponent("preds_nll.npy")).doubles()
        let r1 = try NpyFormat.read(dir.appendingPathComponent("radius_l1.npy")).doubles()
        let r2 = try NpyFormat.read(dir.appendingPathComponent("radius_l2.npy")).doubles()
        let rinf = try NpyFormat.read(dir.appendingPathComponent("radius_linf.npy")).doubles()
        let lambda = 0.5 * 3.0.squareRoot()
        for i in 0..<15 {
            let row = Array(p[i * 10 ..< i * 10 + 10])
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-12)
            XCTAssertTrue(row.allSatisfy { ($0 * 64).rounded() == $0 * 64 }, "frequencies of 64 draws")
            XCTAssertEqual(nll[i], -log(row[labels[i]]), accuracy: 1e-12)
            XCTAssertTrue(rho[i] >= 0 && rho[i] < 1)
            // Uniform noise, closed forms (NOISES.md): ℓ1 radius 2λ(ρ − ½), ℓ∞ radius λ(1 − (3/2 − ρ)^(1/d)), 0 for ρ ≤ ½.
            XCTAssertEqual(r1[i], rho[i] > 0.5 ? 2 * lambda * (rho[i] - 0.5) : 0, accuracy: 1e-9)
            XCTAssertEqual(rinf[i], rho[i] > 0.5 ? 2 * lambda * (1 - pow(1.5 - rho[i], 1.0 / 784)) : 0, accuracy: 1e-9)
            XCTAssertTrue(r2[i] >= 0 && r2[i] <= r1[i] + 1e-12)
        }
        // With 300 draws at α = 0.001 and a model that is right on most digits, most bounds exceed ½.
        XCTAssertGreaterThan(rho.filter { $0 > 0.5 }.count, 10)
        let acc = try NpyFormat.read(dir.appendingPathComponent("acc_train.npy"))
        XCTAssertEqual(acc.shape, [2])
        XCTAssertGreaterThan(acc.doubles()[0], 0.8)
        let csv = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 16)
        XCTAssertTrue(csv[0].hasPrefix("index,dataset_index,label,pred,prob_lb,preds_nll,radius_l1,radius_l2,radius_linf,preds_0"))
        XCTAssertEqual(Double(csv[3].split(separator: ",")[4]), rho[2])  // CSV values read back exactly
    }

    func testResumeAfterMaxImagesIsIdentical() throws {
        let reference = try referenceRun()
        let out = try CLI.scratch("maximages")
        let first = try CLI.run(CLI.testArguments(output: out, name: "exp", extra: ["--max-images", "6"]))
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("rerun"), first.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("exp/preds.npy").path))
        // Stops again inside the training-accuracy pass (15 test images + 5 training images).
        XCTAssertEqual(try CLI.run(CLI.testArguments(output: out, name: "exp", extra: ["--max-images", "14"])).status, 0)
        let last = try CLI.run(CLI.testArguments(output: out, name: "exp"))
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertTrue(last.stderr.contains("resuming") || last.stderr.contains("train accuracy"), last.stderr)
        try CLI.assertSameResults(reference, out.appendingPathComponent("exp"))
    }

    func testResumeAfterKillIsIdentical() throws {
        let reference = try referenceRun()
        let out = try CLI.scratch("kill")
        let log = out.appendingPathComponent("exp/results.csv")
        let (p, _, _) = try CLI.start(CLI.testArguments(output: out, name: "exp"))
        // Kill once a few rows are on disk.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let rows = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count - 1
            if rows >= 3 { break }
            usleep(2_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        // A torn row, as if the kill had hit in the middle of a write.
        let h = try FileHandle(forWritingTo: log)
        try h.seekToEnd()
        try h.write(contentsOf: Data("14,280,3,3,0.99".utf8))
        try h.close()
        let r = try CLI.run(CLI.testArguments(output: out, name: "exp"))
        XCTAssertEqual(r.status, 0, r.stderr)
        try CLI.assertSameResults(reference, out.appendingPathComponent("exp"))
    }

    func testShardsMergeToTheUnshardedResult() throws {
        let reference = try referenceRun()
        let out = try CLI.scratch("shards")
        for i in 1...3 {
            // Other threads and batch sizes than the reference run: results depend only on the seed and image.
            let r = try CLI.run(CLI.testArguments(output: out, name: "exp", threads: 2, noiseBatchSize: 64, extra: ["--shard", "\(i)/3"]))
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains(i < 3 ? "merge with" : "merged"), r.stdout)
        }
        let dir = out.appendingPathComponent("exp")
        try CLI.assertSameResults(reference, dir)
        // The explicit merge command gives the same files.
        for f in CLI.resultFiles { try FileManager.default.removeItem(at: dir.appendingPathComponent(f)) }
        let m = try CLI.run(["merge", "--dir", dir.path])
        XCTAssertEqual(m.status, 0, m.stderr)
        try CLI.assertSameResults(reference, dir)
        // An incomplete set of shards is refused with a message.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("results_shard2of3.csv"))
        let bad = try CLI.run(["merge", "--dir", dir.path])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("results_shard"), bad.stderr)
    }

    func testErrorsNameWhatIsMissing() throws {
        let out = try CLI.scratch("errors")
        var args = CLI.testArguments(output: out, name: "exp")
        args[args.firstIndex(of: "--save-path")! + 1] = out.appendingPathComponent("nothing.pt").path
        let noCheckpoint = try CLI.run(args)
        XCTAssertNotEqual(noCheckpoint.status, 0)
        XCTAssertTrue(noCheckpoint.stderr.contains("nothing.pt"), noCheckpoint.stderr)
        args = CLI.testArguments(output: out, name: "exp")
        args[args.firstIndex(of: "--data-dir")! + 1] = out.path
        let noData = try CLI.run(args)
        XCTAssertNotEqual(noData.status, 0)
        XCTAssertTrue(noData.stderr.contains("digits.npz"), noData.stderr)
        let badShard = try CLI.run(CLI.testArguments(output: out, name: "exp", extra: ["--shard", "4/3"]))
        XCTAssertNotEqual(badShard.status, 0)
        XCTAssertTrue(badShard.stderr.contains("--shard"), badShard.stderr)
        // Resuming with other settings is refused rather than mixing results.
        XCTAssertEqual(try CLI.run(CLI.testArguments(output: out, name: "mix", extra: ["--max-images", "1"])).status, 0)
        let mixed = try CLI.run(CLI.testArguments(output: out, name: "mix", sigma: "0.25"))
        XCTAssertNotEqual(mixed.status, 0)
        XCTAssertTrue(mixed.stderr.contains("other settings"), mixed.stderr)
    }
}
