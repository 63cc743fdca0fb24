import Foundation
import RS4AData
import XCTest

/// `rs4a-cli test` identifies the checkpoint by content: results of a retrained (replaced) model
/// are never continued with the old ones, while the same file reached through another path (a
/// symlink) continues; and the seed's test flags --batch-size, --num-workers are accepted
/// without changing results, --rotate refused.
final class WorkflowCheckpointIdentityTests: XCTestCase {
    private func arguments(_ out: URL, _ name: String, checkpoint: URL, extra: [String] = []) -> [String] {
        var args = CLI.testArguments(output: out, name: name, extra: ["--no-train-accuracy"] + extra)
        args[args.firstIndex(of: "--save-path")! + 1] = checkpoint.path
        return args
    }

    func testRetrainedCheckpointIsRefused() throws {
        let out = try CLI.scratch("retrained")
        let checkpoint = out.appendingPathComponent("model.pt")
        try FileManager.default.copyItem(at: CLI.demoCheckpoint, to: checkpoint)
        let first = try CLI.run(arguments(out, "exp", checkpoint: checkpoint))
        XCTAssertEqual(first.status, 0, first.stderr)
        let results = try Data(contentsOf: out.appendingPathComponent("exp/results.csv"))

        // Retrain into the same path: one epoch of LeNet on the digits.
        let train = try CLI.run(["train", "--model", "LeNet", "--dataset", "digits", "--data-dir", datasetFixtures.path,
                                 "--output-dir", out.path, "--experiment-name", "retrain", "--num-epochs", "1", "--lr", "0.05"])
        XCTAssertEqual(train.status, 0, train.stderr)
        try FileManager.default.removeItem(at: checkpoint)
        try FileManager.default.copyItem(at: out.appendingPathComponent("retrain/model_ckpt.torch"), to: checkpoint)

        let second = try CLI.run(arguments(out, "exp", checkpoint: checkpoint))
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("checkpoint content"), second.stderr)
        XCTAssertTrue(second.stderr.contains("retrained or replaced"), second.stderr)
        XCTAssertTrue(second.stderr.contains("remove results.csv"), second.stderr)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("exp/results.csv")), results, "old results untouched")
    }

    func testResultsWithoutARecordedHashAreRefused() throws {
        let out = try CLI.scratch("unhashed")
        XCTAssertEqual(try CLI.run(arguments(out, "exp", checkpoint: CLI.demoCheckpoint, extra: ["--max-images", "2"])).status, 0)
        // What an older rs4a-cli wrote: the same record without the checkpoint's hash.
        let url = out.appendingPathComponent("exp/test_args.json")
        var record = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        XCTAssertNotNil(record.removeValue(forKey: "checkpointSHA256"))
        try JSONSerialization.data(withJSONObject: record).write(to: url)
        let rerun = try CLI.run(arguments(out, "exp", checkpoint: CLI.demoCheckpoint))
        XCTAssertEqual(rerun.status, 1)
        XCTAssertTrue(rerun.stderr.contains("checkpoint content not recorded"), rerun.stderr)
    }

    func testSameCheckpointThroughASymlinkContinues() throws {
        let out = try CLI.scratch("symlink")
        let link = out.appendingPathComponent("link.pt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: CLI.demoCheckpoint)
        let straight = try CLI.run(arguments(out, "straight", checkpoint: CLI.demoCheckpoint))
        XCTAssertEqual(straight.status, 0, straight.stderr)
        let partial = try CLI.run(arguments(out, "split", checkpoint: CLI.demoCheckpoint, extra: ["--max-images", "5"]))
        XCTAssertEqual(partial.status, 0, partial.stderr)
        let rest = try CLI.run(arguments(out, "split", checkpoint: link))
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertTrue(rest.stderr.contains("resuming: 5 of 15"), rest.stderr)
        for f in CLI.resultFiles where f != "acc_train.npy" {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("split/\(f)")),
                           try Data(contentsOf: out.appendingPathComponent("straight/\(f)")), f)
        }
    }

    func testSeedFlagsAcceptedOrRefused() throws {
        let out = try CLI.scratch("seedflags")
        let plain = try CLI.run(arguments(out, "plain", checkpoint: CLI.demoCheckpoint))
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let batched = try CLI.run(arguments(out, "batched", checkpoint: CLI.demoCheckpoint, extra: ["--batch-size", "7", "--num-workers", "3"]))
        XCTAssertEqual(batched.status, 0, batched.stderr)
        for f in CLI.resultFiles where f != "acc_train.npy" {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("batched/\(f)")),
                           try Data(contentsOf: out.appendingPathComponent("plain/\(f)")), f)
        }
        let rotate = try CLI.run(arguments(out, "rotate", checkpoint: CLI.demoCheckpoint, extra: ["--rotate"]))
        XCTAssertEqual(rotate.status, 64)
        XCTAssertTrue(rotate.stderr.contains("--rotate"), rotate.stderr)
        XCTAssertTrue(rotate.stderr.contains("not implemented"), rotate.stderr)
    }
}
