import ArgumentParser
import Foundation

/// `rs4a-cli merge`: joins the shard logs of `rs4a-cli test --shard i/n` into the final files.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the results_shard<i>of<n>.csv files of an experiment folder into results.csv and the .npy arrays.")

    @Option(help: "Experiment folder holding test_args.json and every shard's files.") var dir: String

    func run() throws {
        do { print(try TestResults.merge(URL(fileURLWithPath: dir))) } catch {
            printError("rs4a-cli merge: error: \(error)")
            throw ExitCode.failure
        }
    }
}
