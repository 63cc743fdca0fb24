import RS4ANumerics

/// Results computed in parallel chunks into one array, with the first error any chunk throws
/// rethrown after the loop (`Parallel.forEachChunk` bodies cannot throw).
enum ParallelResults {
    /// `count` results: `body(range, out)` fills `out[i]` for every i in its chunk, in order (a
    /// chunk may carry state from one index to the next). A chunk stops at its first error;
    /// the call then throws it and returns nothing.
    static func chunked<T>(count: Int, threads: Int, placeholder: T,
                           _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<T>) throws -> Void) throws -> [T] {
        guard count > 0 else { return [] }
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        buffer.initialize(repeating: placeholder)
        defer { buffer.deinitialize().deallocate() }
        nonisolated(unsafe) let out = buffer
        let failure = FirstError()
        Parallel.forEachChunk(count: count, threads: threads) { range in
            do { try body(range, out) } catch { failure.record(error) }
        }
        if let error = failure.error { throw error }
        return Array(buffer)
    }

    /// `[f(0), …, f(count − 1)]`, split over `threads` workers.
    static func map<T>(count: Int, threads: Int, placeholder: T, _ f: @Sendable (Int) throws -> T) throws -> [T] {
        try chunked(count: count, threads: threads, placeholder: placeholder) { range, out in
            for i in range { out[i] = try f(i) }
        }
    }
}
