// im2col / col2im for one image: the (C·k·k) × (Ho·Wo) matrix whose columns are the receptive
// fields, so a convolution is one GEMM and its input gradient is GEMM + col2im.

struct ConvGeometry: Sendable {
    let channels, height, width, kernel, stride, padding: Int
    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    var rows: Int { channels * kernel * kernel }
    var columns: Int { outHeight * outWidth }

    /// The output columns oj whose input column oj·stride − padding + kj lies inside the image.
    @inline(__always)
    private func validColumns(_ kj: Int, _ wo: Int) -> Range<Int> {
        // j = oj·s − p + kj ∈ [0, width)  ⇔  oj ∈ [⌈(p − kj)/s⌉, ⌈(width + p − kj)/s⌉)
        let lo = max(0, (padding - kj + stride - 1) / stride)
        let hiRaw = width + padding - kj
        let hi = min(wo, hiRaw <= 0 ? 0 : (hiRaw + stride - 1) / stride)
        return lo..<max(lo, hi)
    }

    /// Writes the column matrix of `x` (C×H×W) into `col` (rows × columns, row stride `ld`,
    /// default `columns`; a larger stride places several images side by side).
    func im2col(_ x: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, ld: Int? = nil) {
        let ho = outHeight, wo = outWidth, stride0 = ld ?? ho * wo
        var r = 0
        for c in 0..<channels {
            let plane = x + c * height * width
            for ki in 0..<kernel {
                for kj in 0..<kernel {
                    let dst = col + r * stride0
                    let valid = validColumns(kj, wo)
                    for oi in 0..<ho {
                        let i = oi * stride - padding + ki
                        let row = dst + oi * wo
                        if i < 0 || i >= height || valid.isEmpty {
                            row.update(repeating: 0, count: wo)
                            continue
                        }
                        if valid.lowerBound > 0 { row.update(repeating: 0, count: valid.lowerBound) }
                        if valid.upperBound < wo { (row + valid.upperBound).update(repeating: 0, count: wo - valid.upperBound) }
                        let src = plane + i * width - padding + kj
                        if stride == 1 {
                            (row + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                        } else {
                            for oj in valid { row[oj] = src[oj * stride] }
                        }
                    }
                    r += 1
                }
            }
        }
    }

    /// Adds the column matrix `col` (row stride `ld`, default `columns`) back into image
    /// gradient `dx` (C×H×W, accumulated).
    func col2im(_ col: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, ld: Int? = nil) {
        let ho = outHeight, wo = outWidth, stride0 = ld ?? ho * wo
        var r = 0
        for c in 0..<channels {
            let plane = dx + c * height * width
            for ki in 0..<kernel {
                for kj in 0..<kernel {
                    let srcRow = col + r * stride0
                    let valid = validColumns(kj, wo)
                    for oi in 0..<ho {
                        let i = oi * stride - padding + ki
                        if i < 0 || i >= height { continue }
                        let dst = plane + i * width - padding + kj
                        let row = srcRow + oi * wo
                        if stride == 1 {
                            for oj in valid { dst[oj] += row[oj] }
                        } else {
                            for oj in valid { dst[oj * stride] += row[oj] }
                        }
                    }
                    r += 1
                }
            }
        }
    }
}
