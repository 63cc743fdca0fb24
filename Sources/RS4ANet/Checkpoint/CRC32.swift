import Foundation

/// CRC-32 (IEEE 802.3, the zip checksum), slicing-by-8 for throughput on the
/// hundred-megabyte storages of large checkpoints.
enum CRC32Checksum {
    /// table[k * 256 + b]: CRC of byte b followed by k zero bytes.
    private static let table: [UInt32] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for b in 0 ..< 256 {
            var c = UInt32(b)
            for _ in 0 ..< 8 { c = c & 1 != 0 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
            t[0][b] = c
        }
        for b in 0 ..< 256 {
            for k in 1 ..< 8 { t[k][b] = (t[k - 1][b] >> 8) ^ t[0][Int(t[k - 1][b] & 0xff)] }
        }
        return t.flatMap { $0 }
    }()

    /// The CRC-32 of `data`, continuing from `crc` (0 to start).
    static func checksum(_ data: Data, continuing crc: UInt32 = 0) -> UInt32 {
        data.withUnsafeBytes { checksum($0, continuing: crc) }
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        table.withUnsafeBufferPointer { t -> UInt32 in
            var c = ~crc
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let lo = c ^ UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                let hi = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
                c = t[7 * 256 + Int(lo & 0xff)] ^ t[6 * 256 + Int((lo >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xff)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xff)] ^ t[2 * 256 + Int((hi >> 8) & 0xff)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xff)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(bytes[i])) & 0xff)] ^ (c >> 8)
                i += 1
            }
            return ~c
        }
    }
}
