import ArgumentParser
import RS4A

/// `rs4a-cli`: the experiment workflow (train | test | analyze | radii).
struct RS4ACLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rs4a-cli",
        abstract: "Randomized smoothing of all shapes and sizes: experiment workflow.",
        version: RS4AVersion.string,
        subcommands: [TestCommand.self, MergeCommand.self, AnalyzeCommand.self, ExportCommand.self]
    )
}

// main.swift is top-level code, so the entry point is called here rather than marked @main.
RS4ACLI.main()
