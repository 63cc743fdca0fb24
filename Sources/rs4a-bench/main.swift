import RS4A

// `make bench` runs this executable. Each benchmark area lives in its own file
// and is listed here; an argument selects areas by name (default: all).
let areas: [(name: String, run: () throws -> Void)] = [
    ("network", NetworkBench.run),
    ("checkpoint", CheckpointBench.run),
    ("samplers", SamplerBench.run),
    ("noises", NoiseBench.run),
    ("smoothing", SmoothingBench.run),
    ("training", TrainingBench.run),
]

let selected = Set(CommandLine.arguments.dropFirst())
print("rs4a \(RS4AVersion.string) benchmarks")
for area in areas where selected.isEmpty || selected.contains(area.name) {
    print("\n== \(area.name) ==")
    try area.run()
}
