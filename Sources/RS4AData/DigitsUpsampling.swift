/// The scikit-learn handwritten digits (8×8, values 0–16) brought to the MNIST geometry 1×28×28
/// in [0, 1] exactly as scripts/demo/train_demo_model.py does: x/16, then bilinear interpolation
/// with align_corners=False (PyTorch's F.interpolate), then clamping to [0, 1].
enum DigitsUpsampling {
    static let side = 28

    /// Upsamples N raw 8×8 images (row-major N×8×8) to N×1×28×28.
    static func upsample(_ raw16: [Float], count n: Int, from source: Int = 8) -> [Float] {
        let raw = raw16.map { $0 / 16 }
        // Source coordinate of output index o: (o + ½)·(in/out) − ½, clamped below at 0 (PyTorch).
        let scale = Float(source) / Float(side)
        let taps: [(Int, Int, Float)] = (0..<side).map { o in
            let s = max(0, (Float(o) + 0.5) * scale - 0.5)
            let i0 = min(Int(s), source - 1)
            let i1 = min(i0 + 1, source - 1)
            return (i0, i1, s - Float(i0))
        }
        var out = [Float](repeating: 0, count: n * side * side)
        for img in 0..<n {
            let base = img * source * source
            for y in 0..<side {
                let (y0, y1, fy) = taps[y]
                for x in 0..<side {
                    let (x0, x1, fx) = taps[x]
                    let top = (1 - fx) * raw[base + y0 * source + x0] + fx * raw[base + y0 * source + x1]
                    let bottom = (1 - fx) * raw[base + y1 * source + x0] + fx * raw[base + y1 * source + x1]
                    let v = (1 - fy) * top + fy * bottom
                    out[(img * side + y) * side + x] = min(max(v, 0), 1)
                }
            }
        }
        return out
    }
}
