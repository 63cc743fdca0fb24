/// Fully connected layer y = x·Wᵀ + b on N×F inputs (weight [out, in] as in PyTorch).
public final class LinearLayer: TrainLayer {
    public let weight: Parameter
    public let bias: Parameter?
    let inFeatures, outFeatures: Int
    private var tape: [Blob] = []

    /// `name.weight` [out, in] and `name.bias` [out], zero-filled (the builders initialise them).
    public init(name: String, inFeatures: Int, outFeatures: Int, bias: Bool = true) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(name: name + ".weight", shape: [outFeatures, inFeatures],
                           value: [Float](repeating: 0, count: outFeatures * inFeatures))
        self.bias = bias ? Parameter(name: name + ".bias", shape: [outFeatures],
                                     value: [Float](repeating: 0, count: outFeatures)) : nil
    }

    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        TrainBLAS.ensureSingleThreaded()
        precondition(x.itemSize == inFeatures, "Linear: input \(x.shape), want \(inFeatures) features")
        let n = x.batch
        var y = Blob(zeros: [n, outFeatures])
        if let b = bias { for i in 0..<n { for o in 0..<outFeatures { y.data[i * outFeatures + o] = b.value[o] } } }
        x.data.withUnsafeBufferPointer { xs in weight.value.withUnsafeBufferPointer { w in
            y.data.withUnsafeMutableBufferPointer { ys in
                TrainBLAS.gemm(transA: false, transB: true, m: n, n: outFeatures, k: inFeatures,
                               a: xs.baseAddress!, lda: inFeatures, b: w.baseAddress!, ldb: inFeatures,
                               beta: 1, c: ys.baseAddress!, ldc: outFeatures)
            } } }
        if mode == .train { tape.append(x) }
        return y
    }

    public func backward(_ dy: Blob, needInputGradient: Bool) -> Blob {
        guard let x = tape.popLast() else { preconditionFailure("Linear.backward without a training forward") }
        let n = x.batch
        dy.data.withUnsafeBufferPointer { g in x.data.withUnsafeBufferPointer { xs in
            weight.grad.withUnsafeMutableBufferPointer { gw in
                // dW += dYᵀ · X
                TrainBLAS.gemm(transA: true, transB: false, m: outFeatures, n: inFeatures, k: n,
                               a: g.baseAddress!, lda: outFeatures, b: xs.baseAddress!, ldb: inFeatures,
                               beta: 1, c: gw.baseAddress!, ldc: inFeatures)
            } } }
        if let b = bias { for i in 0..<n { for o in 0..<outFeatures { b.grad[o] += dy.data[i * outFeatures + o] } } }
        guard needInputGradient else { return Blob(shape: [0], data: []) }
        var dx = Blob(zeros: x.shape)
        dy.data.withUnsafeBufferPointer { g in weight.value.withUnsafeBufferPointer { w in
            dx.data.withUnsafeMutableBufferPointer { d in
                TrainBLAS.gemm(transA: false, transB: false, m: n, n: inFeatures, k: outFeatures,
                               a: g.baseAddress!, lda: outFeatures, b: w.baseAddress!, ldb: inFeatures,
                               beta: 0, c: d.baseAddress!, ldc: inFeatures)
            } } }
        return dx
    }

    public var stateEntries: [StateEntry] {
        [.parameter(weight)] + (bias.map { [.parameter($0)] } ?? [])
    }
}
