// im2col / col2im for one image: the (C·k·k) × (Ho·Wo) matrix whose columns are the receptive
// fields, so a convolution is one GEMM and its input gradient is GEMM + col2im.

struct ConvGeometry: Sendable {
    let channels, height, width, kernel, stride, padding: Int
    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    var rows: Int { channels * kernel * kernel }
    var columns: Int { outHeight * outWidth }

    /// Writes the column matrix of `x` (C×H×W) into `col` (rows × columns).
    func im2col(_ x: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>) {
        let ho = outHeight, wo = outWidth
        var r = 0
        for c in 0..<channels {
            let plane = x + c * height * width
            for ki in 0..<kernel {
                for kj in 0..<kernel {
                    let dst = col + r * ho * wo
                    for oi in 0..<ho {
                        let i = oi * stride - padding + ki
                        let row = dst + oi * wo
                        if i < 0 || i >= height {
                            for oj in 0..<wo { row[oj] = 0 }
                            continue
                        }
                        let src = plane + i * width
                        for oj in 0..<wo {
                            let j = oj * stride - padding + kj
                            row[oj] = (j >= 0 && j < width) ? src[j] : 0
                        }
                    }
                    r += 1
                }
            }
        }
    }

    /// Adds the column matrix `col` back into image gradient `dx` (C×H×W, accumulated).
    func col2im(_ col: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let ho = outHeight, wo = outWidth
        var r = 0
        for c in 0..<channels {
            let plane = dx + c * height * width
            for ki in 0..<kernel {
                for kj in 0..<kernel {
                    let srcRow = col + r * ho * wo
                    for oi in 0..<ho {
                        let i = oi * stride - padding + ki
                        if i < 0 || i >= height { continue }
                        let dst = plane + i * width
                        let row = srcRow + oi * wo
                        for oj in 0..<wo {
                            let j = oj * stride - padding + kj
                            if j >= 0 && j < width { dst[j] += row[oj] }
                        }
                    }
                    r += 1
                }
            }
        }
    }
}
