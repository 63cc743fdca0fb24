// The layer interface of the inference engine. Layers are immutable values (weights folded at
// load time), so one model can serve concurrent callers; all scratch memory is per call.

protocol Layer: Sendable {
    /// The per-image output shape for `input`, or a typed error if the layer cannot take it.
    func outputShape(for input: FeatureShape) throws -> FeatureShape
    /// Applies the layer to a CNHW sub-batch whose shape `outputShape(for:)` accepted.
    func forward(_ x: Activation) -> Activation
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

    func forward(_ x: Activation) -> Activation {
        layers.reduce(x) { $1.forward($0) }
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
