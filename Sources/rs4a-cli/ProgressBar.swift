import Foundation

/// A progress line on stderr with rate and ETA: redrawn in place on a terminal, printed as
/// periodic plain lines (every 10 s) when stderr is a file or pipe.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let start = Date()
    private let interactive = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private let alreadyDone: Int

    /// `alreadyDone` items (from a resumed run) count toward the bar but not toward the rate.
    init(total: Int, alreadyDone: Int, label: String) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.label = label
    }

    /// Reports `done` finished items plus `fraction` ∈ [0, 1) of the current one.
    func update(done: Int, fraction: Double = 0, force: Bool = false) {
        let now = Date()
        let interval: TimeInterval = interactive ? 0.2 : 10
        guard force || now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let progressed = Double(done - alreadyDone) + fraction
        let rate = elapsed > 0 ? progressed / elapsed : 0
        let remaining = Double(total - done) - fraction
        let eta = rate > 0 ? Self.clock(remaining / rate) : "--:--"
        let pct = total > 0 ? 100 * (Double(done) + fraction) / Double(total) : 100
        let width = 30
        let filled = total > 0 ? min(width, Int(Double(width) * (Double(done) + fraction) / Double(total))) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = String(format: "%@ [%@] %d/%d %5.1f%% %.2f img/s elapsed %@ eta %@", label, bar, done, total, pct, rate,
                          Self.clock(elapsed), eta)
        FileHandle.standardError.write(Data(((interactive ? "\r" : "") + text + (interactive ? "" : "\n")).utf8))
    }

    /// Final line.
    func finish(done: Int) {
        update(done: done, force: true)
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
