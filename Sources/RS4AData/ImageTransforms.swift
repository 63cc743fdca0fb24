/// The torchvision transforms of the ImageNet pipeline on float planes (C×H×W in [0, 1]).
/// Resizing uses bilinear (triangle) filtering widened by the scale factor when shrinking, as
/// PIL does for `transforms.Resize`, so downscaled images are antialiased.
public enum ImageTransforms {
    /// RGB bytes to C×H×W floats in [0, 1].
    public static func planes(_ image: RGBImage) -> [Float] {
        let hw = image.width * image.height
        var out = [Float](repeating: 0, count: 3 * hw)
        for i in 0..<hw {
            for c in 0..<3 { out[c * hw + i] = Float(image.pixels[i * 3 + c]) / 255 }
        }
        return out
    }

    /// Resizes C×H×W planes to `newHeight`×`newWidth`.
    public static func resize(_ x: [Float], channels: Int, height: Int, width: Int, newHeight: Int, newWidth: Int) -> [Float] {
        let wx = weights(from: width, to: newWidth)
        let wy = weights(from: height, to: newHeight)
        var tmp = [Float](repeating: 0, count: channels * height * newWidth)
        for c in 0..<channels {
            for y in 0..<height {
                let row = (c * height + y) * width
                for (ox, taps) in wx.enumerated() {
                    var s: Float = 0
                    for (i, w) in taps { s += w * x[row + i] }
                    tmp[(c * height + y) * newWidth + ox] = s
                }
            }
        }
        var out = [Float](repeating: 0, count: channels * newHeight * newWidth)
        for c in 0..<channels {
            for (oy, taps) in wy.enumerated() {
                for ox in 0..<newWidth {
                    var s: Float = 0
                    for (i, w) in taps { s += w * tmp[(c * height + i) * newWidth + ox] }
                    out[(c * newHeight + oy) * newWidth + ox] = min(max(s, 0), 1)
                }
            }
        }
        return out
    }

    /// Normalised triangle-filter taps (source index, weight) for each output index.
    static func weights(from n: Int, to m: Int) -> [[(Int, Float)]] {
        let scale = Double(n) / Double(m)
        let support = max(scale, 1)
        return (0..<m).map { o in
            let center = (Double(o) + 0.5) * scale
            let lo = max(0, Int((center - support).rounded(.down)))
            let hi = min(n - 1, Int((center + support).rounded(.up)))
            var taps = [(Int, Float)]()
            var total = 0.0
            for i in lo...max(lo, hi) {
                let w = max(0, 1 - abs((Double(i) + 0.5 - center) / support))
                if w > 0 { taps.append((i, Float(w))); total += w }
            }
            if taps.isEmpty { return [(min(max(Int(center), 0), n - 1), 1)] }
            return taps.map { ($0.0, Float(Double($0.1) / total)) }
        }
    }

    /// The window (top, left, height, width) of C×H×W planes as new planes.
    public static func crop(_ x: [Float], channels: Int, height: Int, width: Int, top: Int, left: Int, cropHeight: Int, cropWidth: Int) -> [Float] {
        var out = [Float](repeating: 0, count: channels * cropHeight * cropWidth)
        for c in 0..<channels {
            for y in 0..<cropHeight {
                let sy = top + y
                guard sy >= 0 && sy < height else { continue }  // outside: zero padding
                for xx in 0..<cropWidth {
                    let sx = left + xx
                    guard sx >= 0 && sx < width else { continue }
                    out[(c * cropHeight + y) * cropWidth + xx] = x[(c * height + sy) * width + sx]
                }
            }
        }
        return out
    }

    /// Mirrors C×H×W planes left–right.
    public static func flipHorizontally(_ x: [Float], channels: Int, height: Int, width: Int) -> [Float] {
        var out = x
        for r in 0..<(channels * height) {
            for xx in 0..<width { out[r * width + xx] = x[r * width + width - 1 - xx] }
        }
        return out
    }

    /// torchvision's test transform `Resize(resize)` (shorter side to `resize`) + `CenterCrop(crop)`.
    public static func resizeCenterCrop(_ image: RGBImage, resize: Int = 256, crop: Int = 224) -> [Float] {
        let (h, w) = (image.height, image.width)
        let (nh, nw) = h <= w ? (resize, Int(Double(resize) * Double(w) / Double(h))) : (Int(Double(resize) * Double(h) / Double(w)), resize)
        let r = ImageTransforms.resize(planes(image), channels: 3, height: h, width: w, newHeight: nh, newWidth: nw)
        // torchvision: int(round((size - crop) / 2)) with Python's round-half-to-even.
        let top = Int((Double(nh - crop) / 2).rounded(.toNearestOrEven)), left = Int((Double(nw - crop) / 2).rounded(.toNearestOrEven))
        return ImageTransforms.crop(r, channels: 3, height: nh, width: nw, top: top, left: left, cropHeight: crop, cropWidth: crop)
    }

    /// torchvision's `RandomResizedCrop.get_params` with its defaults (scale 0.08–1, aspect ratio
    /// 3/4–4/3): up to ten draws of an area fraction and a log-uniform aspect ratio, the first box
    /// that fits placed uniformly; otherwise the centre crop of the whole image with its aspect
    /// ratio clamped to 3/4–4/3. Sides round half to even, as Python's `round`.
    /// Returns the box (top, left, height, width) in an image of `height`×`width` pixels.
    public static func randomResizedCropBox<G: RandomNumberGenerator>(height h: Int, width w: Int, using rng: inout G)
        -> (top: Int, left: Int, height: Int, width: Int) {
        let area = Double(h * w)
        let minRatio = 3.0 / 4, maxRatio = 4.0 / 3
        for _ in 0..<10 {
            let target = area * Double.random(in: 0.08...1, using: &rng)
            let ratio = exp(Double.random(in: log(minRatio)...log(maxRatio), using: &rng))
            let cw = Int((target * ratio).squareRoot().rounded(.toNearestOrEven))
            let ch = Int((target / ratio).squareRoot().rounded(.toNearestOrEven))
            if cw > 0 && ch > 0 && cw <= w && ch <= h {
                return (Int.random(in: 0...(h - ch), using: &rng), Int.random(in: 0...(w - cw), using: &rng), ch, cw)
            }
        }
        let inRatio = Double(w) / Double(h)
        let (ch, cw): (Int, Int)
        if inRatio < minRatio {
            (ch, cw) = (Int((Double(w) / minRatio).rounded(.toNearestOrEven)), w)
        } else if inRatio > maxRatio {
            (ch, cw) = (h, Int((Double(h) * maxRatio).rounded(.toNearestOrEven)))
        } else {
            (ch, cw) = (h, w)
        }
        return ((h - ch) / 2, (w - cw) / 2, ch, cw)
    }

    /// torchvision's train transform `RandomResizedCrop(size)` (box from `randomResizedCropBox`,
    /// resized to size×size) + `RandomHorizontalFlip()`.
    public static func randomResizedCropFlip<G: RandomNumberGenerator>(_ image: RGBImage, size: Int = 224, using rng: inout G) -> [Float] {
        let (h, w) = (image.height, image.width)
        let box = randomResizedCropBox(height: h, width: w, using: &rng)
        let cropped = crop(planes(image), channels: 3, height: h, width: w, top: box.top, left: box.left,
                           cropHeight: box.height, cropWidth: box.width)
        let out = resize(cropped, channels: 3, height: box.height, width: box.width, newHeight: size, newWidth: size)
        return Bool.random(using: &rng) ? flipHorizontally(out, channels: 3, height: size, width: size) : out
    }
}

import Foundation
