import Foundation

/// CIFAR-10 binary batches (cifar-10-batches-bin): records of 1 label byte + 3072 pixel bytes
/// (1024 red, 1024 green, 1024 blue, each row-major 32×32).
enum CIFARBinaryReader {
    static let recordSize = 1 + 3 * 32 * 32

    static func load(files: [URL]) throws -> ImageDataset {
        var images = [Float]()
        var labels = [Int]()
        for url in files {
            let d: Data
            do { d = try Data(contentsOf: url) } catch { throw DataError.io("cannot read \(url.path): \(error.localizedDescription)") }
            guard d.count > 0, d.count % recordSize == 0 else {
                throw DataError.malformed(file: url.path, message: "size \(d.count) is not a multiple of the \(recordSize)-byte CIFAR-10 record")
            }
            try d.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                images.reserveCapacity(images.count + d.count / recordSize * (recordSize - 1))
                for r in stride(from: 0, to: raw.count, by: recordSize) {
                    let label = Int(raw[r])
                    guard label < 10 else { throw DataError.malformed(file: url.path, message: "label \(label) at record \(r / recordSize) is not in 0..<10") }
                    labels.append(label)
                    for k in 1..<recordSize { images.append(Float(raw[r + k]) / 255) }
                }
            }
        }
        return try ImageDataset(name: "cifar", shape: [3, 32, 32], classes: 10, images: images, labels: labels)
    }
}
