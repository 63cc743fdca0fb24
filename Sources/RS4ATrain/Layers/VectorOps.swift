// Branch-free element-wise kernels (the sign pattern of activations is random, so branches
// mispredict about half the time).

enum VectorOps {
    /// g[i] = out[i] > 0 ? g[i] : 0 — the ReLU gradient given the ReLU's output.
    static func maskByPositive(_ g: UnsafeMutableBufferPointer<Float>, _ out: UnsafeBufferPointer<Float>) {
        let n = min(g.count, out.count)
        guard n > 0, let gp = g.baseAddress, let op = out.baseAddress else { return }
        var i = 0
        let zero = SIMD8<Float>(repeating: 0)
        while i + 8 <= n {
            let o = UnsafeRawPointer(op + i).loadUnaligned(as: SIMD8<Float>.self)
            let v = UnsafeRawPointer(gp + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(gp + i).storeBytes(of: zero.replacing(with: v, where: o .> zero), as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { gp[i] = op[i] > 0 ? gp[i] : 0; i += 1 }
    }
}
