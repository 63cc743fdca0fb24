/// A bounds-checked little-endian cursor over raw bytes. Every read checks the
/// remaining length first, so no length field in a file can make it read out of range.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    /// Names the structure being read, for `truncated` messages.
    let context: String

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0, context: String) {
        self.bytes = bytes
        self.position = position
        self.context = context
    }

    var remaining: Int { bytes.count - position }
    var isAtEnd: Bool { position >= bytes.count }

    @inline(__always)
    mutating func require(_ n: Int, _ what: @autoclosure () -> String) throws {
        guard n >= 0, n <= remaining else {
            throw CheckpointError.truncated(
                "\(context): \(what()) needs \(n) bytes at offset \(position), only \(Swift.max(remaining, 0)) remain")
        }
    }

    mutating func u8(_ what: @autoclosure () -> String = "a byte") throws -> UInt8 {
        try require(1, what())
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16(_ what: @autoclosure () -> String = "a 2-byte integer") throws -> UInt16 {
        try require(2, what())
        defer { position += 2 }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt16.self))
    }

    mutating func u32(_ what: @autoclosure () -> String = "a 4-byte integer") throws -> UInt32 {
        try require(4, what())
        defer { position += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    mutating func u64(_ what: @autoclosure () -> String = "an 8-byte integer") throws -> UInt64 {
        try require(8, what())
        defer { position += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    mutating func u64BigEndian(_ what: @autoclosure () -> String) throws -> UInt64 {
        try require(8, what())
        defer { position += 8 }
        return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    /// The next `n` bytes (a view, no copy).
    mutating func slice(_ n: Int, _ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        try require(n, what())
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: bytes[position ..< position + n])
    }

    /// Bytes up to (not including) the next newline, which is consumed.
    mutating func line(_ what: @autoclosure () -> String, maxLength: Int = 65_536) throws -> UnsafeRawBufferPointer {
        var end = position
        let limit = Swift.min(bytes.count, position + maxLength)
        while end < limit, bytes[end] != 0x0a { end += 1 }
        guard end < bytes.count, bytes[end] == 0x0a else {
            if end >= limit && limit < bytes.count {
                throw CheckpointError.malformedPickle("\(context): \(what()) longer than \(maxLength) bytes at offset \(position)")
            }
            throw CheckpointError.truncated("\(context): \(what()) at offset \(position) has no terminating newline")
        }
        defer { position = end + 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[position ..< end])
    }
}
