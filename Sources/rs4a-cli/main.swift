import ArgumentParser
import RS4A

/// `rs4a-cli`: the experiment workflow (train | test | analyze | radii).
/// (No `@main`: with more than one file in the target, main.swift is top-level code.)
struct RS4ACLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rs4a-cli",
        abstract: "Randomized smoothing of all shapes and sizes: experiment workflow.",
        version: RS4AVersion.string,
        subcommands: [RadiiCommand.self]
    )
}

RS4ACLI.main()
