extension Samplers {
    /// Independent Gamma(shape, rate 1) draws in Float64: `out[i]` is
    /// `stream.substream(i).makeSource().nextGamma(shape:)` (Marsaglia–Tsang, any shape > 0).
    ///
    /// Requires finite `shape > 0`; otherwise fills NaN.
    public static func fillGamma(_ out: UnsafeMutableBufferPointer<Double>, shape: Double,
                                 stream: RandomStream, threads: Int = 1) {
        guard shape.isFinite, shape > 0 else {
            out.update(repeating: .nan)
            return
        }
        fillPerElement(out, stream: stream, threads: threads) { source in source.nextGamma(shape: shape) }
    }

    /// Independent BetaPrime(a, b) draws in Float64: `out[i]` is
    /// `stream.substream(i).makeSource().nextBetaPrime(a:b:)`, the ratio of a Gamma(a) and a
    /// Gamma(b) draw.
    ///
    /// Requires finite `a > 0` and `b > 0`; otherwise fills NaN.
    public static func fillBetaPrime(_ out: UnsafeMutableBufferPointer<Double>, a: Double, b: Double,
                                     stream: RandomStream, threads: Int = 1) {
        guard a.isFinite, a > 0, b.isFinite, b > 0 else {
            out.update(repeating: .nan)
            return
        }
        fillPerElement(out, stream: stream, threads: threads) { source in source.nextBetaPrime(a: a, b: b) }
    }

    /// `out[i] = draw(stream.substream(i).makeSource())`, split over threads.
    private static func fillPerElement(_ out: UnsafeMutableBufferPointer<Double>, stream: RandomStream,
                                       threads: Int, _ draw: @Sendable (inout RandomSource) -> Double) {
        guard let base = out.baseAddress, out.count > 0 else { return }
        nonisolated(unsafe) let destination = base
        let usefulThreads = max(1, min(threads, out.count / 256))
        Parallel.forEachChunk(count: out.count, threads: usefulThreads) { range in
            for i in range {
                var source = stream.substream(UInt64(i)).makeSource()
                destination[i] = draw(&source)
            }
        }
    }
}
