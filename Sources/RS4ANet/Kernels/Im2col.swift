// im2col for CNHW activations: unrolls the receptive fields of a group of input channels into
// a (Cg·kh·kw) × (n·Ho·Wo) matrix, so a convolution becomes one GEMM over the whole sub-batch.

struct ConvGeometry: Sendable, Equatable {
    var kernelH: Int
    var kernelW: Int
    var stride: Int
    var padding: Int

    /// PyTorch's output extent: floor((size + 2·padding − kernel) / stride) + 1.
    func outputExtent(_ size: Int, kernel: Int) -> Int {
        (size + 2 * padding - kernel) / stride + 1
    }
}

/// Writes the im2col matrix of channels [c0, c0 + cg) of `input` (CNHW, n images of h×w) to `col`.
func im2col(
    input: UnsafePointer<Float>, c0: Int, cg: Int, batch n: Int, height h: Int, width w: Int,
    geometry g: ConvGeometry, outHeight ho: Int, outWidth wo: Int,
    col: UnsafeMutablePointer<Float>
) {
    let rowLength = n * ho * wo
    let s = g.stride, p = g.padding
    for ci in 0..<cg {
        for ky in 0..<g.kernelH {
            for kx in 0..<g.kernelW {
                let row = col + ((ci * g.kernelH + ky) * g.kernelW + kx) * rowLength
                // Output columns whose input column ix = ox·s − p + kx lies inside [0, w).
                let oxLo = min(wo, max(0, floorDiv(p - kx + s - 1, s)))
                let oxHi = max(oxLo, min(wo, floorDiv(w - 1 + p - kx, s) + 1))
                for img in 0..<n {
                    let plane = input + ((c0 + ci) * n + img) * h * w
                    for oy in 0..<ho {
                        let dst = row + (img * ho + oy) * wo
                        let iy = oy * s - p + ky
                        if iy < 0 || iy >= h {
                            dst.update(repeating: 0, count: wo)
                            continue
                        }
                        let src = plane + iy * w + kx - p
                        if oxLo > 0 { dst.update(repeating: 0, count: oxLo) }
                        if s == 1 {
                            (dst + oxLo).update(from: src + oxLo, count: oxHi - oxLo)
                        } else {
                            var ox = oxLo
                            while ox < oxHi {
                                dst[ox] = src[ox * s]
                                ox += 1
                            }
                        }
                        if oxHi < wo { (dst + oxHi).update(repeating: 0, count: wo - oxHi) }
                    }
                }
            }
        }
    }
}

/// Integer division rounding toward −∞ (Swift's `/` truncates toward zero).
@inline(__always)
func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
