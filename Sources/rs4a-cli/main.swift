import ArgumentParser
import RS4A

/// `rs4a-cli`: the experiment workflow (train | test | analyze | radii).
// Not `@main`: a module with several files treats main.swift as top-level code.
struct RS4ACLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rs4a-cli",
        abstract: "Randomized smoothing of all shapes and sizes: experiment workflow.",
        version: RS4AVersion.string,
        subcommands: [TrainCommand.self, TestCommand.self, MergeCommand.self, AnalyzeCommand.self, ExportCommand.self, RadiiCommand.self]
    )
}

RS4ACLI.main()
