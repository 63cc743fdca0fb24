import RS4ANumerics

/// Results computed in parallel chunks straight into one array, with the first error any chunk
/// throws rethrown after the loop (`Parallel.forEachChunk` bodies cannot throw).
enum ParallelResults {
    /// `count` results: `body(range, out)` must set `out[i]` for every i of its chunk, in order
    /// (a chunk may carry state from one index to the next). A chunk stops at its first error;
    /// the call then throws it and returns nothing. The array's storage is written directly
    /// (no initialising pass, no copy: `BitwiseCopyable` elements need neither).
    @inline(__always) static func chunked<T: BitwiseCopyable>(
        count: Int, threads: Int, _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let failure = FirstError()
        let results = [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            nonisolated(unsafe) let out = buffer
            Parallel.forEachChunk(count: count, threads: threads) { range in
                do { try body(range, out) } catch { failure.record(error) }
            }
            initializedCount = failure.error == nil ? count : 0
        }
        if let error = failure.error { throw error }
        return results
    }

    /// `[f(0), …, f(count − 1)]`, split over `threads` workers.
    @inline(__always) static func map<T: BitwiseCopyable>(count: Int, threads: Int, _ f: @Sendable (Int) throws -> T) throws -> [T] {
        try chunked(count: count, threads: threads) { range, out in
            for i in range { out[i] = try f(i) }
        }
    }
}
