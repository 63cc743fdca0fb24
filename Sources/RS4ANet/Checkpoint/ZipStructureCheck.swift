import Foundation

/// A pre-flight check of a zip archive's directory structures before ZIPFoundation
/// parses them. ZIPFoundation converts 64-bit (ZIP64) offsets and sizes to signed
/// integers without range checks and traps on hostile values, and scans the whole
/// file byte by byte for a missing end record; this check rejects such archives with a
/// `CheckpointError` first. It is deliberately conservative: any ZIP64 value it can
/// find that ZIPFoundation might use must be below 2⁶².
enum ZipStructureCheck {
    private static let context = "torch zip file"
    private static let limit: UInt64 = 1 << 62
    /// The end record must sit in the last 22 + 65 535 (maximum comment) bytes.
    private static let maxEndSearch = 22 + 65_535

    static func check(fileAt url: URL, fileSize: Int) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw CheckpointError.io("cannot open \(url.path)")
        }
        defer { try? handle.close() }
        // The tail holds the end record, the ZIP64 structures and (for checkpoints) the central directory.
        let tailStart = UInt64(Swift.max(0, fileSize - maxEndSearch - 76))
        try? handle.seek(toOffset: tailStart)
        let tail = [UInt8]((try? handle.readToEnd()) ?? Data())

        func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
        func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }

        // The end-of-central-directory record nearest the end (ZIPFoundation takes that one too).
        var eocd: Int?
        var i = tail.count - 22
        while i >= 0 && tail.count - i <= maxEndSearch {
            if u32(tail, i) == 0x0605_4b50 { eocd = i; break }
            i -= 1
        }
        guard let end = eocd else {
            throw CheckpointError.truncated("\(context): no end-of-central-directory record (the file is cut short or not a zip)")
        }
        var directoryStarts: [UInt64] = [UInt64(u32(tail, end + 16))]
        var entryCount = UInt64(u16(tail, end + 10))
        // A ZIP64 end record directly before the ZIP64 locator, as ZIPFoundation expects it.
        let record = end - 20 - 56
        if record >= 0, u32(tail, record) == 0x0606_4b50 {
            for field in [24, 32, 40, 48] where u64(tail, record + field) >= limit {
                throw CheckpointError.malformedContainer("\(context): ZIP64 end record holds an out-of-range value")
            }
            directoryStarts.append(u64(tail, record + 48))
            entryCount = Swift.max(entryCount, u64(tail, record + 32))
        }

        // Walk the central directory from every start ZIPFoundation might use.
        for start in directoryStarts where start < UInt64(fileSize) {
            var offset = Int(start)
            var seen: UInt64 = 0
            while seen < entryCount && seen < 1_000_000 {
                guard let header = read(handle, at: offset, count: 46, fileSize: fileSize), u32(header, 0) == 0x0201_4b50 else { break }
                let nameLength = u16(header, 28), extraLength = u16(header, 30), commentLength = u16(header, 32)
                if let extra = read(handle, at: offset + 46 + nameLength, count: extraLength, fileSize: fileSize) {
                    try checkExtra(extra, what: "central directory entry at offset \(offset)")
                }
                var localOffsets = [UInt64(u32(header, 42))]
                if let extra = read(handle, at: offset + 46 + nameLength, count: extraLength, fileSize: fileSize) {
                    localOffsets += zip64Values(extra)
                }
                for local in localOffsets where local < UInt64(fileSize) {
                    if let lh = read(handle, at: Int(local), count: 30, fileSize: fileSize), u32(lh, 0) == 0x0403_4b50,
                       let extra = read(handle, at: Int(local) + 30 + u16(lh, 26), count: u16(lh, 28), fileSize: fileSize) {
                        try checkExtra(extra, what: "local header at offset \(local)")
                    }
                }
                offset += 46 + nameLength + extraLength + commentLength
                seen += 1
            }
        }
    }

    private static func read(_ handle: FileHandle, at offset: Int, count: Int, fileSize: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset + count <= fileSize else { return nil }
        if count == 0 { return [] }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
              let data = try? handle.read(upToCount: count), data.count == count else { return nil }
        return [UInt8](data)
    }

    /// The 8-byte values following every possible ZIP64 extra-field header (id 0x0001) in `extra`.
    private static func zip64Values(_ extra: [UInt8]) -> [UInt64] {
        var values: [UInt64] = []
        var i = 0
        while i + 4 <= extra.count {
            if extra[i] == 0x01 && extra[i + 1] == 0x00 {
                var j = i + 4
                while j + 8 <= extra.count && j < i + 4 + 32 {
                    var v: UInt64 = 0
                    for k in 0 ..< 8 { v |= UInt64(extra[j + k]) << (8 * UInt64(k)) }
                    values.append(v)
                    j += 8
                }
            }
            i += 1
        }
        return values
    }

    private static func checkExtra(_ extra: [UInt8], what: String) throws {
        if zip64Values(extra).contains(where: { $0 >= limit }) {
            throw CheckpointError.malformedContainer("\(context): ZIP64 field out of range in the \(what)")
        }
    }
}
