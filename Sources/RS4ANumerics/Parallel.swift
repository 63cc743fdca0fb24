import Dispatch
import Foundation

/// Work splitting shared by the samplers and the noises.
public enum Parallel {
    /// Splits `0..<count` into `min(threads, count)` contiguous chunks of near-equal size
    /// (the first `count % chunks` are one longer) and runs `body` on each, concurrently
    /// when there is more than one chunk. Returns when every chunk is done.
    ///
    /// `threads < 1` is treated as 1; `count ≤ 0` runs nothing. Chunk boundaries depend only
    /// on `(count, threads)`.
    public static func forEachChunk(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(max(threads, 1), count)
        if chunks == 1 {
            body(0..<count)
            return
        }
        let base = count / chunks, extra = count % chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * base + min(chunk, extra)
            let end = start + base + (chunk < extra ? 1 : 0)
            body(start..<end)
        }
    }

    /// The thread count to use when the caller gives none: the environment variable
    /// `RS4A_NUM_THREADS` when it is a positive integer, else the number of active cores.
    public static var defaultThreadCount: Int {
        EnvironmentVariable.positiveInteger("RS4A_NUM_THREADS") ?? max(ProcessInfo.processInfo.activeProcessorCount, 1)
    }
}
