import CRS4AImageIO
import Foundation

/// An 8-bit RGB raster, row-major H×W×3.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// H·W·3 bytes.
    public var pixels: [UInt8]

    /// A raster from its pixels.
    /// - Throws: `DataError.invalidParameter` when `pixels.count != width·height·3` or a side is < 1.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard width >= 1, height >= 1, pixels.count == width * height * 3 else {
            throw DataError.invalidParameter(name: "pixels", message: "need \(max(width, 0) * max(height, 0) * 3) bytes for \(width)×\(height) RGB, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// JPEG / PNG decoding (libjpeg-turbo, libpng) and PNG encoding.
public enum ImageCodecs {
    /// Decodes JPEG or PNG bytes (detected from the signature) to RGB.
    /// - Throws: `DataError.malformed` naming `file` for other formats or corrupt data.
    public static func decode(_ data: Data, file: String) throws -> RGBImage {
        let bytes = [UInt8](data.prefix(8))
        let isPNG = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
        let isJPEG = bytes.starts(with: [0xFF, 0xD8])
        guard isPNG || isJPEG else { throw DataError.malformed(file: file, message: "not a JPEG or PNG image") }
        var out: UnsafeMutablePointer<UInt8>?
        var w: Int32 = 0, h: Int32 = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = data.withUnsafeBytes { raw in
            let p = raw.bindMemory(to: UInt8.self).baseAddress
            return isPNG ? crs4a_png_decode_rgb(p, raw.count, &out, &w, &h, &err, err.count)
                : crs4a_jpeg_decode_rgb(p, raw.count, &out, &w, &h, &err, err.count)
        }
        guard rc == 0, let out else { throw DataError.malformed(file: file, message: message(err)) }
        defer { crs4a_free(out) }
        let n = Int(w) * Int(h) * 3
        return try RGBImage(width: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: out, count: n)))
    }

    /// PNG bytes of an RGB raster.
    /// - Throws: `DataError.io` if libpng fails.
    public static func encodePNG(_ image: RGBImage) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var len = 0
        var err = [CChar](repeating: 0, count: 256)
        let rc = image.pixels.withUnsafeBufferPointer { p in
            crs4a_png_encode_rgb(p.baseAddress, Int32(image.width), Int32(image.height), &out, &len, &err, err.count)
        }
        guard rc == 0, let out else { throw DataError.io("PNG encoding failed: \(message(err))") }
        defer { crs4a_free(out) }
        return Data(bytes: out, count: len)
    }

    private static func message(_ err: [CChar]) -> String {
        String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
