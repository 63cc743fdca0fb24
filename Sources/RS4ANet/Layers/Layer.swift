// The layer interface of the inference engine. Layers are immutable values (weights folded at
// load time), so one model can serve concurrent callers; all scratch memory is per call.

protocol Layer: Sendable {
    /// The per-image output shape for `input`, or a typed error if the layer cannot take it.
    func outputShape(for input: FeatureShape) throws -> FeatureShape
    /// Applies the layer to a CNHW sub-batch whose shape `outputShape(for:)` accepted.
    /// Never writes to `x` (the caller owns it and recycles it); output and scratch buffers
    /// come from `workspace`. A layer may return `x` itself when it is the identity.
    func forward(_ x: Activation, _ workspace: Workspace) -> Activation
    /// Floats live at once per image while this layer runs (sizes the sub-batches).
    func workingSetPerImage(for input: FeatureShape) -> Int
}

extension Layer {
    func workingSetPerImage(for input: FeatureShape) -> Int {
        input.count + ((try? outputShape(for: input))?.count ?? 0)
    }
}

/// Runs `layers` in order.
struct Sequential: Layer {
    let layers: [any Layer]

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        try layers.reduce(input) { try $1.outputShape(for: $0) }
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        var current = x
        for layer in layers {
            let next = layer.forward(current, workspace)
            // Intermediate results are ours to recycle; the input belongs to our caller.
            if !current.sharesStorage(with: x) && !next.sharesStorage(with: current) {
                workspace.recycle(current.data)
            }
            current = next
        }
        return current
    }

    func workingSetPerImage(for input: FeatureShape) -> Int {
        var shape = input
        var peak = 0
        for layer in layers {
            peak = max(peak, layer.workingSetPerImage(for: shape))
            shape = (try? layer.outputShape(for: shape)) ?? shape
        }
        return peak
    }
}

/// In-place ReLU over a buffer.
@inline(__always)
func reluInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { p[i] = max(p[i], 0) }
}

/// ReLU from `src` into `dst`.
@inline(__always)
func relu(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { dst[i] = max(src[i], 0) }
}
