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

/// Writes the im2col matrix of channels [c0, c0 + cg) of `input` (CNHW, n images of h×w) for the
/// output rows [rowStart, rowStart + rowCount) of the sub-batch — output row r is image r / ho,
/// line r % ho — to `col`, a (cg·kh·kw) × (rowCount·wo) matrix. Tiling over output rows keeps
/// the matrix small enough to stay in cache for large images.
func im2col(
    input: UnsafePointer<Float>, c0: Int, cg: Int, batch n: Int, height h: Int, width w: Int,
    geometry g: ConvGeometry, outHeight ho: Int, outWidth wo: Int,
    rowStart: Int, rowCount: Int, col: UnsafeMutablePointer<Float>
) {
    let rowLength = rowCount * wo
    let s = g.stride, p = g.padding
    // "Same" stride-1 convolutions map a block of output lines onto a contiguous block of input
    // lines shifted by kx − p: one bulk copy, then the edge columns are zeroed.
    let sameWidth = s == 1 && w == wo
    for ci in 0..<cg {
        for ky in 0..<g.kernelH {
            for kx in 0..<g.kernelW {
                let row = col + ((ci * g.kernelH + ky) * g.kernelW + kx) * rowLength
                // Output columns whose input column ix = ox·s − p + kx lies inside [0, w).
                let oxLo = min(wo, max(0, floorDiv(p - kx + s - 1, s)))
                let oxHi = max(oxLo, min(wo, floorDiv(w - 1 + p - kx, s) + 1))
                // One segment per image touched by the tile.
                var r = rowStart
                while r < rowStart + rowCount {
                    let img = r / ho, oyStart = r % ho
                    let oyEnd = min(ho, oyStart + rowStart + rowCount - r)
                    let dst = row + (r - rowStart) * wo - oyStart * wo  // dst + oy·wo is line oy
                    let plane = input + ((c0 + ci) * n + img) * h * w
                    // Output lines whose input line iy = oy·s − p + ky lies inside [0, h).
                    let oyLo = min(oyEnd, max(oyStart, floorDiv(p - ky + s - 1, s)))
                    let oyHi = max(oyLo, min(oyEnd, floorDiv(h - 1 + p - ky, s) + 1))
                    if oyLo > oyStart { zeroFill(dst + oyStart * wo, count: (oyLo - oyStart) * wo) }
                    if oyHi < oyEnd { zeroFill(dst + oyHi * wo, count: (oyEnd - oyHi) * wo) }
                    if sameWidth && oyHi > oyLo {
                        let offset = kx - p
                        let src = plane + (oyLo - p + ky) * w + offset
                        let d = dst + oyLo * wo
                        // Skip the |offset| elements that would fall outside the plane; they are edge columns.
                        let skip = max(0, -offset), count = (oyHi - oyLo) * w - abs(offset)
                        if count > 0 { (d + skip).update(from: src + skip, count: count) }
                        // Only one side has edge columns for a given kx (none for kx = p).
                        // Column by column: a strided store per line, not a memset call per line.
                        for ox in 0..<oxLo {
                            var q = d + ox
                            for _ in oyLo..<oyHi {
                                q.pointee = 0
                                q += wo
                            }
                        }
                        for ox in oxHi..<wo {
                            var q = d + ox
                            for _ in oyLo..<oyHi {
                                q.pointee = 0
                                q += wo
                            }
                        }
                    } else {
                        for oy in oyLo..<oyHi {
                            let line = dst + oy * wo
                            let src = plane + (oy * s - p + ky) * w + kx - p
                            if oxLo > 0 { line.update(repeating: 0, count: oxLo) }
                            if s == 1 {
                                (line + oxLo).update(from: src + oxLo, count: oxHi - oxLo)
                            } else {
                                for ox in oxLo..<oxHi { line[ox] = src[ox &* s] }
                            }
                            if oxHi < wo { (line + oxHi).update(repeating: 0, count: wo - oxHi) }
                        }
                    }
                    r += oyEnd - oyStart
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

/// Zeroes `count` floats; short runs (a padding line) use inline vector stores instead of a
/// memset call, whose overhead dominates at that size.
@inline(__always)
func zeroFill(_ p: UnsafeMutablePointer<Float>, count: Int) {
    if count > 256 {
        p.update(repeating: 0, count: count)
        return
    }
    let raw = UnsafeMutableRawPointer(p)
    var i = 0
    while i + 8 <= count {
        raw.storeBytes(of: SIMD8<Float>(), toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        p[i] = 0
        i += 1
    }
}
