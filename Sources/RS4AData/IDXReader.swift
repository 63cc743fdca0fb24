import Foundation

/// MNIST / Fashion-MNIST IDX files (http://yann.lecun.com/exdb/mnist/ layout), plain or gzipped.
enum IDXReader {
    /// (shape, unsigned bytes) of an IDX file of unsigned bytes (type code 0x08).
    static func read(_ url: URL) throws -> (shape: [Int], values: [UInt8]) {
        let d = Data(try Gzip.readMaybeCompressed(url))
        guard d.count >= 4, d[0] == 0, d[1] == 0 else {
            throw DataError.malformed(file: url.path, message: "not an IDX file (bad magic)")
        }
        guard d[2] == 0x08 else {
            throw DataError.malformed(file: url.path, message: "IDX element type 0x\(String(d[2], radix: 16)) is not unsigned byte (0x08)")
        }
        let rank = Int(d[3])
        guard rank >= 1, d.count >= 4 + 4 * rank else { throw DataError.malformed(file: url.path, message: "truncated IDX header") }
        var shape = [Int]()
        for k in 0..<rank {
            let o = 4 + 4 * k
            shape.append(Int(d[o]) << 24 | Int(d[o + 1]) << 16 | Int(d[o + 2]) << 8 | Int(d[o + 3]))
        }
        let start = 4 + 4 * rank
        var count = 1
        for s in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: s)
            guard !overflow, p <= d.count - start else {
                throw DataError.malformed(file: url.path, message: "truncated IDX data: shape \(shape) needs more than the \(d.count - start) bytes present")
            }
            count = p
        }
        guard d.count - start >= count else {
            throw DataError.malformed(file: url.path, message: "truncated IDX data: shape \(shape) needs \(count) bytes, found \(d.count - start)")
        }
        return (shape, [UInt8](d[start ..< start + count]))
    }

    /// The images and labels of one split: `<prefix>-images-idx3-ubyte[.gz]` and `<prefix>-labels-idx1-ubyte[.gz]`.
    static func load(name: String, imagesURL: URL, labelsURL: URL) throws -> ImageDataset {
        let (ishape, pixels) = try read(imagesURL)
        let (lshape, labels) = try read(labelsURL)
        guard ishape.count == 3, lshape.count == 1, ishape[0] == lshape[0] else {
            throw DataError.malformed(file: imagesURL.path, message: "images \(ishape) and labels \(lshape) (\(labelsURL.lastPathComponent)) do not match")
        }
        return try ImageDataset(name: name, shape: [1, ishape[1], ishape[2]], classes: 10,
                                images: pixels.map { Float($0) / 255 }, labels: labels.map(Int.init))
    }
}
