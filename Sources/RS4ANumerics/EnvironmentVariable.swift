import Foundation

/// Settings read from the process environment.
public enum EnvironmentVariable {
    /// The value of `name` when it is a positive integer (surrounding spaces allowed), else nil.
    public static func positiveInteger(_ name: String) -> Int? {
        guard let text = ProcessInfo.processInfo.environment[name],
              let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
        return value
    }
}
