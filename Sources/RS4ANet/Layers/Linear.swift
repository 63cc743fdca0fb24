// Linear layer y = W·x + b on flat features (C × n layout, H = W = 1), optional fused ReLU.

struct Linear: Layer {
    let inFeatures: Int
    let outFeatures: Int
    /// Weights [outFeatures][inFeatures] (PyTorch order).
    let weight: [Float]
    let bias: [Float]?
    let relu: Bool

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        guard input.height == 1, input.width == 1, input.channels == inFeatures else {
            throw NetError.invalidInputShape(
                expected: "\(inFeatures) flat features into a linear layer",
                found: [input.channels, input.height, input.width])
        }
        return FeatureShape(channels: outFeatures, height: 1, width: 1)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        let n = x.batch
        var out = Activation(
            uninitialized: FeatureShape(channels: outFeatures, height: 1, width: 1), batch: n, workspace: workspace)
        x.data.withUnsafeBufferPointer { xin in
            weight.withUnsafeBufferPointer { w in
                out.data.withUnsafeMutableBufferPointer { o in
                    sgemm(
                        m: outFeatures, n: n, k: inFeatures,
                        a: w.baseAddress!, lda: inFeatures, b: xin.baseAddress!, ldb: n,
                        c: o.baseAddress!, ldc: n)
                    applyBiasReLU(o.baseAddress!, rows: outFeatures, rowLength: n, bias: bias, relu: relu)
                }
            }
        }
        return out
    }
}

/// Flattens each image's C×H×W features in PyTorch order (c, h, w) into a flat feature vector.
struct Flatten: Layer {
    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        FeatureShape(channels: input.count, height: 1, width: 1)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        let hw = x.shape.planeSize, n = x.batch, c = x.shape.channels
        let flat = FeatureShape(channels: x.shape.count, height: 1, width: 1)
        if hw == 1 { return Activation(data: x.data, shape: flat, batch: n) }
        var out = Activation(uninitialized: flat, batch: n, workspace: workspace)
        x.data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                // in[(c·n + img)·hw + i]  →  out[(c·hw + i)·n + img]
                for ch in 0..<c {
                    for img in 0..<n {
                        let s = src.baseAddress! + (ch * n + img) * hw
                        let d = dst.baseAddress! + ch * hw * n + img
                        for i in 0..<hw { d[i * n] = s[i] }
                    }
                }
            }
        }
        return out
    }
}

/// Dropout: the identity at inference (kept so layer lists mirror the reference models).
struct Dropout: Layer {
    func outputShape(for input: FeatureShape) throws -> FeatureShape { input }
    func forward(_ x: Activation, _ workspace: Workspace) -> Activation { x }
}

/// Standalone ReLU (most ReLUs are fused into the layer before them).
struct ReLU: Layer {
    func outputShape(for input: FeatureShape) throws -> FeatureShape { input }
    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        var y = Activation(uninitialized: x.shape, batch: x.batch, workspace: workspace)
        x.data.withUnsafeBufferPointer { src in
            y.data.withUnsafeMutableBufferPointer { relu(src.baseAddress!, into: $0.baseAddress!, count: $0.count) }
        }
        return y
    }
}
