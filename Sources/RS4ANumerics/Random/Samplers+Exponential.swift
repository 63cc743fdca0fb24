extension Samplers {
    /// Exponential with the given scale (mean): `scale·(−ln u)` with `u = (k + ½)·2⁻³¹`
    /// from the top 31 bits of the element's word, so values lie in [0, 22.18·scale]
    /// (the cut-off tail has probability 2.3e-10). Relative error of −ln u below 3e-7 (tested).
    ///
    /// Requires finite `scale > 0`; otherwise fills NaN.
    public static func fillExponential(_ out: UnsafeMutableBufferPointer<Float>, scale: Float,
                                       stream: RandomStream, offset: UInt64 = 0, threads: Int = 1) {
        guard scale.isFinite, scale > 0 else {
            out.update(repeating: .nan)
            return
        }
        LaneFill.fill(out, stream: stream, offset: offset, threads: threads, ExponentialTransform(scale: scale))
    }

    /// Laplace(loc, scale): `loc ± scale·(−ln u)`, the sign from the lowest bit of the
    /// element's word (set = negative) and u from its top 31 bits as in `fillExponential`.
    /// |x − loc| ≤ 22.18·scale (the cut-off tail has probability 2.3e-10).
    ///
    /// Requires finite `loc` and finite `scale > 0`; otherwise fills NaN.
    public static func fillLaplace(_ out: UnsafeMutableBufferPointer<Float>, loc: Float, scale: Float,
                                   stream: RandomStream, offset: UInt64 = 0, threads: Int = 1) {
        guard loc.isFinite, scale.isFinite, scale > 0 else {
            out.update(repeating: .nan)
            return
        }
        LaneFill.fill(out, stream: stream, offset: offset, threads: threads, LaplaceTransform(loc: loc, scale: scale))
    }
}

struct ExponentialTransform: LaneTransform {
    let scale: Float

    @inline(__always)
    func transform(_ w: (WordLane, WordLane, WordLane, WordLane)) -> (Lanes, Lanes, Lanes, Lanes) {
        (map(w.0), map(w.1), map(w.2), map(w.3))
    }

    @inline(__always)
    private func map(_ word: WordLane) -> Lanes {
        FastMath.minusLogUnit31(word) * scale
    }
}

struct LaplaceTransform: LaneTransform {
    let loc: Float, scale: Float

    @inline(__always)
    func transform(_ w: (WordLane, WordLane, WordLane, WordLane)) -> (Lanes, Lanes, Lanes, Lanes) {
        (map(w.0), map(w.1), map(w.2), map(w.3))
    }

    @inline(__always)
    private func map(_ word: WordLane) -> Lanes {
        // −ln u ≥ 0 (never −0); the word's low bit becomes its sign bit.
        let magnitude = FastMath.minusLogUnit31(word) * scale
        return FastMath.lanes(FastMath.bits(magnitude) ^ (word &<< 31)) + loc
    }
}
