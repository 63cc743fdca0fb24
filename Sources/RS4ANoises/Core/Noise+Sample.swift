import RS4ANumerics

// Batch sampling shared by every noise. Row r of a call draws from
// `stream.substream(firstRow + r)`, so the output depends only on (stream, global row
// index), never on how the batch is split or on the thread count.

extension Noise {
    /// Adds noise in place to `rows = x.count / dim` inputs stored row-major (dim values each).
    ///
    /// - Parameters:
    ///   - x: a buffer of `rows × dim` Float32 values; any number of rows.
    ///   - stream: the random stream; row r uses `stream.substream(firstRow + r)`.
    ///   - firstRow: the global index of the first row (keep a running count across batches).
    ///   - threads: worker threads (rows are split between them); default `Parallel.defaultThreadCount`.
    /// - Throws: `NoiseError.invalidInput` if `x.count` is not a multiple of `dim`.
    public func sample(_ x: UnsafeMutableBufferPointer<Float>, stream: RandomStream, firstRow: UInt64 = 0,
                       threads: Int = Parallel.defaultThreadCount) throws {
        let rows = try rowCount(x.count)
        guard rows > 0 else { return }
        let d = dim
        nonisolated(unsafe) let base = x.baseAddress!
        Parallel.forEachChunk(count: rows, threads: Swift.max(1, threads)) { range in
            // One scratch row per worker and call: no allocation per sample.
            let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: d)
            defer { scratch.deallocate() }
            for r in range {
                self.fillNoiseRow(scratch, stream: stream.substream(firstRow + UInt64(r)))
                let row = base + r * d
                for i in 0..<d { row[i] += scratch[i] }
            }
        }
    }

    /// Writes `x + δ` into `out` (same shape as `x`, rows × dim, row-major); `x` is untouched.
    /// Same stream semantics as the in-place `sample`.
    public func sample(_ x: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, stream: RandomStream,
                       firstRow: UInt64 = 0, threads: Int = Parallel.defaultThreadCount) throws {
        let rows = try rowCount(x.count)
        guard out.count == x.count else {
            throw NoiseError.invalidInput("output buffer has \(out.count) values, input has \(x.count); they must match")
        }
        guard rows > 0 else { return }
        let d = dim
        nonisolated(unsafe) let src = x.baseAddress!
        nonisolated(unsafe) let dst = out.baseAddress!
        Parallel.forEachChunk(count: rows, threads: Swift.max(1, threads)) { range in
            for r in range {
                let row = UnsafeMutableBufferPointer(start: dst + r * d, count: d)
                self.fillNoiseRow(row, stream: stream.substream(firstRow + UInt64(r)))
                let input = src + r * d
                for i in 0..<d { row[i] += input[i] }
            }
        }
    }

    /// Returns `x + δ` for an array of `rows × dim` values (convenience over the buffer API).
    public func sample(_ x: [Float], stream: RandomStream, firstRow: UInt64 = 0,
                       threads: Int = Parallel.defaultThreadCount) throws -> [Float] {
        var out = x
        try out.withUnsafeMutableBufferPointer { try sample($0, stream: stream, firstRow: firstRow, threads: threads) }
        return out
    }

    /// Returns `rows` noise vectors δ (no input added), row-major.
    public func sampleNoise(rows: Int, stream: RandomStream, firstRow: UInt64 = 0,
                            threads: Int = Parallel.defaultThreadCount) throws -> [Float] {
        guard rows >= 0 else { throw NoiseError.invalidInput("rows must be ≥ 0, got \(rows)") }
        return try sample([Float](repeating: 0, count: rows * dim), stream: stream, firstRow: firstRow, threads: threads)
    }

    private func rowCount(_ count: Int) throws -> Int {
        guard count % dim == 0 else {
            throw NoiseError.invalidInput("buffer has \(count) values, not a multiple of dim = \(dim)")
        }
        return count / dim
    }
}
