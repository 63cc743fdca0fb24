// Pooling layers on CNHW activations: every (channel, image) plane is pooled independently.
// Output extents follow PyTorch (floor mode): floor((size + 2·padding − kernel)/stride) + 1.

/// MaxPool2d(kernel, stride, padding); padded positions never win (PyTorch pads with −∞).
struct MaxPool2d: Layer {
    let kernel: Int
    let stride: Int
    let padding: Int

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        let g = ConvGeometry(kernelH: kernel, kernelW: kernel, stride: stride, padding: padding)
        let ho = g.outputExtent(input.height, kernel: kernel), wo = g.outputExtent(input.width, kernel: kernel)
        guard ho >= 1, wo >= 1 else {
            throw NetError.invalidInputShape(
                expected: "a feature map of at least \(kernel)×\(kernel) into max-pooling",
                found: [input.channels, input.height, input.width])
        }
        return FeatureShape(channels: input.channels, height: ho, width: wo)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        let h = x.shape.height, w = x.shape.width
        let g = ConvGeometry(kernelH: kernel, kernelW: kernel, stride: stride, padding: padding)
        let ho = g.outputExtent(h, kernel: kernel), wo = g.outputExtent(w, kernel: kernel)
        var out = Activation(uninitialized: FeatureShape(channels: x.shape.channels, height: ho, width: wo), batch: x.batch, workspace: workspace)
        let planes = x.shape.channels * x.batch
        if kernel == 2 && stride == 2 && padding == 0 {
            x.data.withUnsafeBufferPointer { src in
                out.data.withUnsafeMutableBufferPointer { dst in
                    maxPool2x2(src.baseAddress!, dst.baseAddress!, planes: planes, h: h, w: w, ho: ho, wo: wo)
                }
            }
            return out
        }
        // Separable: a horizontal max over each input line (h × wo), then a vertical max.
        var lines = workspace.take(h * wo)
        x.data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                lines.withUnsafeMutableBufferPointer { hm in
                    let t = hm.baseAddress!
                    for plane in 0..<planes {
                        let s = src.baseAddress! + plane * h * w
                        let d = dst.baseAddress! + plane * ho * wo
                        for y in 0..<h {
                            for ox in 0..<wo {
                                let x0 = max(0, ox * stride - padding), x1 = min(w, ox * stride - padding + kernel)
                                var m = -Float.infinity
                                for xx in x0..<x1 { m = maxPropagatingNaN(m, s[y * w + xx]) }
                                t[y * wo + ox] = m
                            }
                        }
                        for oy in 0..<ho {
                            let y0 = max(0, oy * stride - padding), y1 = min(h, oy * stride - padding + kernel)
                            let line = d + oy * wo
                            for ox in 0..<wo { line[ox] = -Float.infinity }
                            for yy in y0..<y1 {
                                let row = t + yy * wo
                                for ox in 0..<wo { line[ox] = maxPropagatingNaN(line[ox], row[ox]) }
                            }
                        }
                    }
                }
            }
        }
        workspace.recycle(lines)
        return out
    }
}

/// max(a, b), where a NaN in either wins (PyTorch's max-pool propagates NaN).
@inline(__always)
private func maxPropagatingNaN(_ a: Float, _ b: Float) -> Float { (b > a || b.isNaN) ? b : a }

/// The common 2×2, stride-2 max-pool (LeNet, AlexNet).
private func maxPool2x2(
    _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, planes: Int, h: Int, w: Int, ho: Int, wo: Int
) {
    let pick = maxPropagatingNaN
    for plane in 0..<planes {
        let s = src + plane * h * w
        let d = dst + plane * ho * wo
        for oy in 0..<ho {
            let r0 = s + 2 * oy * w, r1 = r0 + w
            let line = d + oy * wo
            for ox in 0..<wo {
                let a = pick(r0[2 * ox], r0[2 * ox + 1]), b = pick(r1[2 * ox], r1[2 * ox + 1])
                line[ox] = pick(a, b)
            }
        }
    }
}

/// AvgPool2d(kernel) with stride = kernel and no padding (the reference's F.avg_pool2d(x, k)).
struct AvgPool2d: Layer {
    let kernel: Int

    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        guard input.height >= kernel, input.width >= kernel else {
            throw NetError.invalidInputShape(
                expected: "a feature map of at least \(kernel)×\(kernel) into average pooling",
                found: [input.channels, input.height, input.width])
        }
        return FeatureShape(channels: input.channels, height: input.height / kernel, width: input.width / kernel)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        let h = x.shape.height, w = x.shape.width
        let ho = h / kernel, wo = w / kernel
        var out = Activation(uninitialized: FeatureShape(channels: x.shape.channels, height: ho, width: wo), batch: x.batch, workspace: workspace)
        let planes = x.shape.channels * x.batch
        let divisor = Float(kernel * kernel)
        x.data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                for plane in 0..<planes {
                    let s = src.baseAddress! + plane * h * w
                    let d = dst.baseAddress! + plane * ho * wo
                    for oy in 0..<ho {
                        for ox in 0..<wo {
                            var sum: Float = 0
                            for yy in (oy * kernel)..<(oy * kernel + kernel) {
                                for xx in (ox * kernel)..<(ox * kernel + kernel) { sum += s[yy * w + xx] }
                            }
                            d[oy * wo + ox] = sum / divisor
                        }
                    }
                }
            }
        }
        return out
    }
}

/// AdaptiveAvgPool2d((1, 1)): the mean of each plane.
struct GlobalAvgPool: Layer {
    func outputShape(for input: FeatureShape) throws -> FeatureShape {
        FeatureShape(channels: input.channels, height: 1, width: 1)
    }

    func forward(_ x: Activation, _ workspace: Workspace) -> Activation {
        let hw = x.shape.planeSize
        var out = Activation(uninitialized: FeatureShape(channels: x.shape.channels, height: 1, width: 1), batch: x.batch, workspace: workspace)
        let planes = x.shape.channels * x.batch
        x.data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                for plane in 0..<planes {
                    let s = src.baseAddress! + plane * hw
                    var sum: Float = 0
                    for i in 0..<hw { sum += s[i] }
                    dst[plane] = sum / Float(hw)
                }
            }
        }
        return out
    }
}
