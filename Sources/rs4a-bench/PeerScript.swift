import Foundation

/// The PyTorch side of a comparison: a script under scripts/bench/ that prints one JSON object
/// of figures, run in the same `make bench` run as ours. No python3 or no torch → no figures.
enum PeerScript {
    /// The repository root, located from this file.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `python3 scripts/bench/<name> <arguments…>` and returns its JSON object's numbers
    /// (empty when the script is missing, fails, or prints no object of numbers).
    static func figures(_ name: String, arguments: [String]) -> [String: Double] {
        let script = repositoryRoot.appendingPathComponent("scripts/bench/\(name)")
        guard FileManager.default.fileExists(atPath: script.path) else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
