import Foundation

/// Turning numeric arrays (from .npy/.npz files) into an `ImageDataset`.
enum ArrayImages {
    /// Images array of shape N×C×H×W, N×H×W (one channel) or N×H×W×C (C ∈ {1, 3, 4} last and
    /// not second); uint8 values are divided by 255, floating values must already lie in [0, 1].
    static func dataset(name: String, images: NpyArray, labels: NpyArray, classes: Int?, file: String) throws -> ImageDataset {
        var shape = images.shape
        guard labels.shape.count == 1 || (labels.shape.count == 2 && labels.shape[1] == 1) else {
            throw DataError.malformed(file: file, message: "labels must be a vector of N integers, got shape \(labels.shape)")
        }
        let n = labels.shape[0]
        guard shape.first == n else {
            throw DataError.malformed(file: file, message: "images shape \(shape) does not start with the \(n) labels")
        }
        var values = images.floats()
        if images.dtype == .uint8 {
            for i in values.indices { values[i] /= 255 }
        } else if let bad = values.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw DataError.malformed(file: file, message: "image values must lie in [0, 1] (or be uint8); element \(bad) = \(values[bad])")
        }
        switch shape.count {
        case 3: shape = [n, 1, shape[1], shape[2]]
        case 4 where ![1, 3].contains(shape[1]) && [1, 3, 4].contains(shape[3]):
            values = channelsFirst(values, n: n, h: shape[1], w: shape[2], c: shape[3])
            shape = [n, shape[3], shape[1], shape[2]]
        case 4: break
        default:
            throw DataError.malformed(file: file, message: "images must have shape N×C×H×W, N×H×W or N×H×W×C, got \(shape)")
        }
        let ys = try labels.ints(file: file)
        let k = classes ?? ((ys.max() ?? 0) + 1)
        return try ImageDataset(name: name, shape: Array(shape.dropFirst()), classes: k, images: values, labels: ys)
    }

    private static func channelsFirst(_ v: [Float], n: Int, h: Int, w: Int, c: Int) -> [Float] {
        var out = [Float](repeating: 0, count: v.count)
        for i in 0..<n {
            for y in 0..<h {
                for x in 0..<w {
                    for ch in 0..<c { out[((i * c + ch) * h + y) * w + x] = v[((i * h + y) * w + x) * c + ch] }
                }
            }
        }
        return out
    }
}
