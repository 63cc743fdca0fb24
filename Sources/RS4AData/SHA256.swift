import COpenSSLCrypto
import Foundation

/// SHA-256 through OpenSSL's libcrypto (EVP interface): identifies a file by its content (e.g.
/// which checkpoint a set of test results was computed with), whatever path it is reached through.
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    public init() {
        // EVP_MD_CTX_new fails only when malloc does; EVP_DigestInit_ex with the built-in SHA-256
        // cannot fail otherwise. Neither is recoverable here.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not allocate a SHA-256 context")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds more bytes.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let fed = bytes.withContiguousStorageIfAvailable { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        if fed == nil {
            let copy = Array(bytes)
            _ = copy.withUnsafeBufferPointer { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        }
    }

    /// The digest of everything fed (the value is consumed).
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }

    /// Lower-case hex of the digest of `data`.
    public static func hex<Bytes: Sequence>(of data: Bytes) -> String where Bytes.Element == UInt8 {
        var h = SHA256()
        h.update(data)
        return hexString(h.finalize())
    }

    /// Lower-case hex of the digest of a file's content, read in 1 MiB pieces.
    /// - Throws: `DataError.io` naming the file.
    public static func hex(ofFileAt url: URL) throws -> String {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw DataError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var h = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { h.update(chunk) }
        } catch {
            throw DataError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        return hexString(h.finalize())
    }

    private static func hexString(_ digest: [UInt8]) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
