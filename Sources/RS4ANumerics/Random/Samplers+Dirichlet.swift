extension Samplers {
    /// One Dirichlet(1, …, 1) vector of length `out.count` (uniform on the probability
    /// simplex): `out[k] = E_k / Σ E`, where E_k is element `offset + k` of
    /// `fillExponential(scale: 1)` and the sum is taken in Double.
    ///
    /// If every E_k is 0 (possible only in practice for a single coordinate, with probability
    /// 2⁻²⁵) the vector is 1/n in each coordinate. An empty buffer is left unchanged.
    public static func fillDirichletOnes(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream,
                                         offset: UInt64 = 0) {
        guard !out.isEmpty else { return }
        fillExponential(out, scale: 1, stream: stream, offset: offset)
        var sum = 0.0
        for value in out { sum += Double(value) }
        guard sum > 0 else {
            out.update(repeating: 1 / Float(out.count))
            return
        }
        let inverse = 1 / sum
        for k in out.indices { out[k] = Float(Double(out[k]) * inverse) }
    }
}
