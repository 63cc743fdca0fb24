extension Samplers {
    /// Uniform on [low, high): `low + (high − low)·u` with `u = k·2⁻²⁴` and k the top
    /// 24 bits of the element's word (Float rounding may give `high` when |low| ≫ high − low).
    ///
    /// Requires finite `low < high` with a finite width; otherwise fills NaN.
    public static func fillUniform(_ out: UnsafeMutableBufferPointer<Float>, low: Float, high: Float,
                                   stream: RandomStream, offset: UInt64 = 0, threads: Int = 1) {
        let width = high - low
        guard low.isFinite, high.isFinite, width.isFinite, low < high else {
            out.update(repeating: .nan)
            return
        }
        LaneFill.fill(out, stream: stream, offset: offset, threads: threads,
                      UniformTransform(low: low, width: width))
    }
}

struct UniformTransform: LaneTransform {
    let low: Float, width: Float

    @inline(__always)
    func transform(_ w: (WordLane, WordLane, WordLane, WordLane)) -> (Lanes, Lanes, Lanes, Lanes) {
        (map(w.0), map(w.1), map(w.2), map(w.3))
    }

    @inline(__always)
    private func map(_ word: WordLane) -> Lanes {
        FastMath.unitHalfOpen(word) * width + low
    }
}
