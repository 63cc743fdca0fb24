import Foundation

/// A minimal zip writer for PyTorch archives: stored (uncompressed) entries whose data
/// start on 64-byte boundaries, as torch's own writer lays them out (padding goes in a
/// local-header extra field with id "FB"), so the file can be memory-mapped by torch.
struct StoredZipWriter {
    static let alignment = 64
    private(set) var data = Data()
    private var central = Data()
    private var entryCount = 0

    private static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
    private static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    mutating func add(path: String, contents: Data) throws {
        let name = Array(path.utf8)
        guard name.count < 65_536 else { throw CheckpointError.invalidArgument("zip entry name too long") }
        let headerStart = data.count
        // Local header (30 bytes) + name + extra header (4 bytes) + padding, then the data.
        let unpadded = headerStart + 30 + name.count + 4
        let padding = (Self.alignment - unpadded % Self.alignment) % Self.alignment
        let end = unpadded + padding + contents.count
        guard end < Int(UInt32.max), entryCount < 65_535 else {
            throw CheckpointError.unsupported("checkpoints over 4 GiB or 65 535 records (ZIP64 writing is not implemented)")
        }
        let crc = CRC32Checksum.checksum(contents)
        let size = Self.le32(UInt32(contents.count))
        // version 2.0, flags: UTF-8 names, method 0 (stored), DOS time 0, date 1980-01-01.
        let common: [UInt8] = Self.le16(20) + Self.le16(0x0800) + Self.le16(0) + Self.le16(0) + Self.le16(0x21)
            + Self.le32(crc) + size + size + Self.le16(name.count)
        data.append(contentsOf: Self.le32(0x0403_4b50) + common + Self.le16(4 + padding) + name)
        data.append(contentsOf: [0x46, 0x42] + Self.le16(padding) + [UInt8](repeating: 0x5a, count: padding))
        data.append(contents)

        central.append(contentsOf: Self.le32(0x0201_4b50) + Self.le16(0x031e) + common
            + Self.le16(0) /* extra */ + Self.le16(0) /* comment */ + Self.le16(0) /* disk */
            + Self.le16(0) /* internal attributes */ + Self.le32(0o100644 << 16) /* external: regular file */
            + Self.le32(UInt32(headerStart)) + name)
        entryCount += 1
    }

    /// Appends the central directory and end record; returns the finished archive.
    mutating func finish() throws -> Data {
        let centralStart = data.count
        guard centralStart + central.count < Int(UInt32.max) else {
            throw CheckpointError.unsupported("checkpoints over 4 GiB (ZIP64 writing is not implemented)")
        }
        data.append(central)
        data.append(contentsOf: Self.le32(0x0605_4b50) + Self.le16(0) + Self.le16(0)
            + Self.le16(entryCount) + Self.le16(entryCount)
            + Self.le32(UInt32(central.count)) + Self.le32(UInt32(centralStart)) + Self.le16(0))
        return data
    }
}
