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
        var failure: (any Error)?
        let results = [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            do {
                try fill(buffer, threads: threads, body)
                initializedCount = count
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return results
    }

    /// `chunked` into the caller's buffer: `body(range, out)` sets `out[i]` for every i of its
    /// chunk. On an error, the elements of other chunks may have been written.
    @inline(__always) static func fill<T: BitwiseCopyable>(
        _ out: UnsafeMutableBufferPointer<T>, threads: Int,
        _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws {
        let failure = FirstError()
        nonisolated(unsafe) let out = out
        Parallel.forEachChunk(count: out.count, threads: threads) { range in
            do { try body(range, out) } catch { failure.record(error) }
        }
        if let error = failure.error { throw error }
    }

    /// `[f(0), …, f(count − 1)]`, split over `threads` workers.
    @inline(__always) static func map<T: BitwiseCopyable>(count: Int, threads: Int, _ f: @Sendable (Int) throws -> T) throws -> [T] {
        try chunked(count: count, threads: threads) { range, out in
            for i in range { out[i] = try f(i) }
        }
    }
}
