import Foundation

/// CIFAR-10 python batches (cifar-10-batches-py, what torchvision unpacks): each a pickled dict
/// with `data` (a uint8 NumPy array N×3072, channel-major 3×32×32 rows) and `labels` (a list).
enum CIFARPickleReader {
    static func load(files: [URL]) throws -> ImageDataset {
        var images = [Float]()
        var labels = [Int]()
        for url in files {
            let data: Data
            do { data = try Data(contentsOf: url) } catch { throw DataError.io("cannot read \(url.path): \(error.localizedDescription)") }
            guard case .dict(let dict) = try MiniPickle.load(data, file: url.path) else {
                throw DataError.malformed(file: url.path, message: "not a pickled dict")
            }
            var array: PickleBox?
            var labelList: PickleBox?
            for (k, v) in dict.entries {
                switch (k.text, v) {
                case ("data", .ndarray(let b)): array = b
                case ("labels", .list(let b)), ("fine_labels", .list(let b)): labelList = b
                default: break
                }
            }
            guard let array, let labelList else {
                throw DataError.malformed(file: url.path, message: "expected keys data (array) and labels (list)")
            }
            guard array.dtype == "u1" || array.dtype == "uint8", array.shape.count == 2, array.shape[1] == 3072,
                  array.raw.count == array.shape[0] * 3072, labelList.items.count == array.shape[0] else {
                throw DataError.malformed(
                    file: url.path, message: "data must be uint8 N×3072 with N labels; got \(array.dtype) \(array.shape), \(labelList.items.count) labels")
            }
            for v in labelList.items {
                guard case .int(let y) = v, (0..<10).contains(y) else { throw DataError.malformed(file: url.path, message: "label not in 0..<10") }
                labels.append(y)
            }
            images.append(contentsOf: array.raw.map { Float($0) / 255 })
        }
        return try ImageDataset(name: "cifar", shape: [3, 32, 32], classes: 10, images: images, labels: labels)
    }
}
