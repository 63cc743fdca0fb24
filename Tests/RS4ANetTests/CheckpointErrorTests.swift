import Foundation
import RS4ANet
import XCTest

/// Damaged, hostile and foreign inputs: each must end in a `CheckpointError` with a
/// message — never a trap, a hang, a stack overflow or execution of a named global.
final class CheckpointErrorTests: XCTestCase {
    // MARK: damaged torch files

    func testZipCutAtManyPointsFails() throws {
        // Every byte of the first local header and of the tail (central directory and end record),
        // every 37th in between (each in-memory zip load stages a temporary file, so all would be slow).
        let full = try CheckpointFixtures.data("views_zip.pt")
        let cuts = Set(Array(0 ..< 40) + Array(stride(from: 40, to: full.count, by: 37)) + Array(full.count - 200 ..< full.count))
        for cut in cuts.sorted() {
            assertCheckpointError(try CheckpointLoader.load(data: full.prefix(cut)), "zip cut at \(cut)")
        }
    }

    func testLegacyCutAtEveryByteFails() throws {
        let full = try CheckpointFixtures.data("views_legacy.pt")
        for cut in 0 ..< full.count {
            assertCheckpointError(try CheckpointLoader.load(data: full.prefix(cut)), "legacy cut at \(cut)")
        }
        // Cut in the middle of the last storage record: a `truncated` error naming the storage.
        let error = assertCheckpointError(try CheckpointLoader.load(data: full.prefix(full.count - 3)))
        guard case .truncated(let message)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(message.contains("storage"), message)
    }

    func testSafetensorsCutAtEveryByteFails() throws {
        let full = try CheckpointFixtures.data("tensors.safetensors")
        for cut in 0 ..< full.count {
            assertCheckpointError(try CheckpointLoader.load(data: full.prefix(cut)), "safetensors cut at \(cut)")
        }
    }

    func testCorruptPickleInsideValidZip() throws {
        let error = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("corrupt_pickle.pt")))
        switch error {
        case .malformedPickle?, .truncated?: break
        default: XCTFail("got \(String(describing: error))")
        }
    }

    func testMissingAndWrongSizedStorages() throws {
        let missing = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("missing_storage.pt")))
        guard case .missingStorage(let m)? = missing else { return XCTFail("got \(String(describing: missing))") }
        XCTAssertTrue(m.contains("data/0"), m)
        let wrong = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("wrong_storage_size.pt")))
        guard case .inconsistent(let w)? = wrong else { return XCTFail("got \(String(describing: wrong))") }
        XCTAssertTrue(w.contains("bytes"), w)
        let noPickle = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("no_data_pkl.pt")))
        guard case .malformedContainer? = noPickle else { return XCTFail("got \(String(describing: noPickle))") }
    }

    func testUnsupportedContent() throws {
        let bigEndian = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("big_endian.pt")))
        guard case .unsupported? = bigEndian else { return XCTFail("got \(String(describing: bigEndian))") }
        let list = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("top_level_list.pt")))
        guard case .noStateDict(let l)? = list else { return XCTFail("got \(String(describing: list))") }
        XCTAssertTrue(l.contains("list"), l)
        var tar = Data(count: 1024)
        tar.replaceSubrange(257 ..< 262, with: Data("ustar".utf8))
        guard case .unsupported? = assertCheckpointError(try CheckpointLoader.load(data: tar)) else { return XCTFail() }
        guard case .unrecognizedFormat? = assertCheckpointError(try CheckpointLoader.load(data: Data())) else { return XCTFail() }
        guard case .io? = assertCheckpointError(try CheckpointLoader.load(contentsOf: URL(fileURLWithPath: "/nonexistent/x.pt"))) else {
            return XCTFail()
        }
    }

    /// The fixture pickles `os.system("echo this-must-never-run")` next to a valid state dict.
    func testForbiddenGlobalIsRejectedNotRun() throws {
        let error = assertCheckpointError(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("unsafe_global.pt")))
        guard case .unsupported(let m)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(m.contains("system"), m) // os.system pickles as posix.system
        for (module, name) in [("os", "system"), ("builtins", "eval"), ("subprocess", "Popen"), ("torch", "load")] {
            // GLOBAL and STACK_GLOBAL spellings.
            let global: [UInt8] = [0x63] + Array("\(module)\n\(name)\n".utf8) + [0x29, 0x52, 0x2e]
            let stackGlobal: [UInt8] = Self.str(module) + Self.str(name) + [0x93, 0x29, 0x52, 0x2e]
            for pickle in [global, stackGlobal] {
                let e = assertCheckpointError(try CheckpointLoader.load(data: Self.legacyFile(pickle)))
                guard case .unsupported(let msg)? = e else { return XCTFail("\(module).\(name): \(String(describing: e))") }
                XCTAssertTrue(msg.contains("\(module).\(name)"), msg)
            }
        }
    }

    /// ZIP64 values beyond Int64 (found by fuzzing: ZIPFoundation traps on them) must be rejected.
    func testHostileZip64FieldsAreRejected() throws {
        let t = try CheckpointTensor(shape: [2], floats: [1, 2])
        var zip = [UInt8](try CheckpointWriter.torchZipData(StateDict([("w", t)])))
        func u16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
        // The central directory entry of "archive/byteorder": shrink its name to 5 bytes so that the
        // other 12 become an extra field: a ZIP64 header (id 1, 8 bytes) holding 2⁶⁴ − 1, and mark
        // the 32-bit local-header offset as "see ZIP64".
        var entry: Int?
        for i in 0 ..< zip.count - 46 where zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 0x01 && zip[i + 3] == 0x02 {
            if String(decoding: zip[(i + 46) ..< (i + 46 + u16(i + 28))], as: UTF8.self) == "archive/byteorder" { entry = i }
        }
        let cd = try XCTUnwrap(entry)
        zip[cd + 6] = 45 // version needed: ZIP64
        zip[cd + 28] = 5; zip[cd + 29] = 0
        zip[cd + 30] = 12; zip[cd + 31] = 0
        for k in 42 ..< 46 { zip[cd + k] = 0xff }
        zip.replaceSubrange((cd + 46 + 5) ..< (cd + 46 + 17), with: [0x01, 0x00, 0x08, 0x00] + [UInt8](repeating: 0xff, count: 8))
        let error = assertCheckpointError(try CheckpointLoader.load(data: Data(zip)))
        guard case .malformedContainer(let m)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(m.contains("ZIP64"), m)
    }

    /// A deflated record may not declare more bytes than deflate can produce from its compressed
    /// size (1032:1): such a declaration is refused before inflating anything.
    func testImplausibleDeflateRatioIsRejected() throws {
        var zip = [UInt8](try CheckpointFixtures.data("views_zip_deflated.pt"))
        func u16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The first deflated central directory entry and its local header: uncompressed size
        // 2³² − 2 (4 GiB) from a record that is a few hundred bytes compressed.
        var patched: String?
        for i in 0 ..< zip.count - 46 where u32(i) == 0x0201_4b50 && u16(i + 10) == 8 {
            XCTAssertLessThan(u32(i + 20), 1 << 20)
            for k in 0 ..< 4 { zip[i + 24 + k] = k == 0 ? 0xfe : 0xff }
            let local = u32(i + 42)
            for k in 0 ..< 4 { zip[local + 22 + k] = k == 0 ? 0xfe : 0xff }
            patched = String(decoding: zip[(i + 46) ..< (i + 46 + u16(i + 28))], as: UTF8.self)
            break
        }
        let name = try XCTUnwrap(patched)
        let error = assertCheckpointError(try CheckpointLoader.load(data: Data(zip)))
        guard case .malformedContainer(let m)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(m.contains(name) && m.contains("1032:1"), m)
    }

    // MARK: hostile hand-made pickles (wrapped in a legacy torch file)

    func testMalformedPickleOpcodes() throws {
        let cases: [(String, [UInt8])] = [
            ("undefined memo", [0x68, 0x05, 0x2e]),
            ("stack underflow", [0x52, 0x2e]),
            ("STOP inside a mark", [0x4e, 0x28, 0x2e]),
            ("pop below a mark", [0x28, 0x4e, 0x30, 0x30, 0x30, 0x2e]),
            ("unknown opcode", [0xff, 0x2e]),
            ("no STOP", [0x4e]),
            ("huge BINUNICODE", [0x58, 0xff, 0xff, 0xff, 0x7f, 0x41, 0x2e]),
            ("huge BINUNICODE8", [0x8d] + [UInt8](repeating: 0xff, count: 8) + [0x2e]),
            ("negative LONG4", [0x8b, 0xff, 0xff, 0xff, 0xff, 0x2e]),
            ("invalid UTF-8", [0x8c, 0x02, 0xc3, 0x28, 0x2e]),
            ("APPEND to a dict", [0x7d, 0x4e, 0x61, 0x2e]),
            ("SETITEMS odd", [0x7d, 0x28, 0x4e, 0x75, 0x2e]),
            ("call of an int", [0x4b, 0x01, 0x29, 0x52, 0x2e]),
            ("protocol 6", [0x80, 0x06, 0x4e, 0x2e]),
            ("protocol-0 string", [0x53] + Array("'x'\n".utf8) + [0x2e]),
            ("rebuild with a non-storage", [0x63] + Array("torch._utils\n_rebuild_tensor\n".utf8)
                + [0x28, 0x4e, 0x4b, 0x00, 0x29, 0x29, 0x74, 0x52, 0x2e]),
        ]
        for (what, body) in cases {
            assertCheckpointError(try CheckpointLoader.load(data: Self.legacyFile([0x80, 0x02] + body)), what)
        }
    }

    func testDeepNestingAndCyclesDoNotOverflowTheStack() throws {
        let depth = 200_000
        // 200 000 empty lists, then 200 000 APPENDs: each list inside the previous one.
        let lists = [UInt8](repeating: 0x5d, count: depth) + [UInt8](repeating: 0x61, count: depth - 1) + [0x2e]
        // A tuple nested 200 000 deep.
        let tuples = [0x29] + [UInt8](repeating: 0x85, count: depth) + [0x2e]
        // A list that contains itself, inside a dict.
        let cycle: [UInt8] = [0x7d, 0x8c, 0x01, 0x61, 0x5d, 0x71, 0x00, 0x68, 0x00, 0x61, 0x73, 0x2e]
        for (what, body) in [("lists", lists), ("tuples", tuples), ("cycle", cycle)] {
            let e = assertCheckpointError(try CheckpointLoader.load(data: Self.legacyFile([0x80, 0x02] + body)), what)
            guard case .noStateDict? = e else { return XCTFail("\(what): \(String(describing: e))") }
        }
        // Two million MARKs exceed the mark-stack bound.
        let marks = [UInt8](repeating: 0x28, count: 2_000_000) + [0x2e]
        guard case .malformedPickle? = assertCheckpointError(try CheckpointLoader.load(data: Self.legacyFile(marks))) else {
            return XCTFail()
        }
    }

    func testStorageAndViewBoundsAreChecked() throws {
        // A 4-element float storage "k" whose tensor claims more than the storage holds.
        func file(size: [Int], stride: [Int], offset: Int = 0, numel: Int = 4, recordCount: UInt64 = 4,
                  recordBytes: Int = 16) -> Data {
            let main = Self.tensorDict(size: size, stride: stride, offset: offset, numel: numel)
            let keys: [UInt8] = [0x80, 0x02, 0x28] + Self.str("k") + [0x6c, 0x2e]
            var tail = Data(Self.le64(recordCount))
            tail.append(Data(count: recordBytes))
            return Self.legacyFile(main) + Data(keys) + tail
        }
        // Sanity: the well-formed variant loads.
        let ok = try CheckpointLoader.load(data: file(size: [2, 2], stride: [2, 1]))
        XCTAssertEqual(try ok["t"]?.floatValues(), [0, 0, 0, 0])
        // An empty view may start anywhere (torch does not check it either); it reads and re-writes as empty.
        let empty = try CheckpointLoader.load(data: file(size: [0, 3], stride: [3, 1], offset: 100))
        XCTAssertEqual(empty["t"]?.count, 0)
        XCTAssertEqual(try CheckpointLoader.load(data: CheckpointWriter.torchZipData(empty))["t"]?.shape, [0, 3])
        let bad: [(String, Data)] = [
            ("view past the end", file(size: [2, 3], stride: [3, 1])),
            ("offset past the end", file(size: [2], stride: [1], offset: 3)),
            ("overflowing shape", file(size: [1 << 40, 1 << 40], stride: [1, 1])),
            ("overflowing stride", file(size: [2, 2], stride: [Int(Int32.max), Int(Int32.max)])),
            ("rank mismatch", file(size: [2, 2], stride: [1])),
            ("record count differs", file(size: [2], stride: [1], recordCount: 5)),
            ("record cut short", file(size: [2], stride: [1], recordBytes: 10)),
            ("huge numel", file(size: [2], stride: [1], numel: 1 << 40, recordCount: 1 << 40)),
        ]
        for (what, data) in bad { assertCheckpointError(try CheckpointLoader.load(data: data), what) }
    }

    /// Pre-1.0 legacy files could refer to a view (offset, size) of a root storage.
    func testLegacyStorageViews() throws {
        func file(view: (Int, Int), size: [Int]) -> Data {
            let main = Self.tensorDict(size: size, stride: [1], offset: 1, numel: 6, view: view)
            let keys: [UInt8] = [0x80, 0x02, 0x28] + Self.str("k") + [0x6c, 0x2e]
            var tail = Data(Self.le64(6))
            for v in [Float](arrayLiteral: 10, 11, 12, 13, 14, 15) { tail.append(contentsOf: Self.le32(v.bitPattern)) }
            return Self.legacyFile(main) + Data(keys) + tail
        }
        // View of elements 2..<5, tensor offset 1 inside the view: elements 3 and 4 of the root.
        let sd = try CheckpointLoader.load(data: file(view: (2, 3), size: [2]))
        XCTAssertEqual(try sd["t"]?.floatValues(), [13, 14])
        assertCheckpointError(try CheckpointLoader.load(data: file(view: (2, 3), size: [3])), "tensor past the view")
        assertCheckpointError(try CheckpointLoader.load(data: file(view: (4, 3), size: [1])), "view past the root")
        // Other persistent-id kinds (whole-module saves) are refused.
        let module: [UInt8] = [0x80, 0x02, 0x28] + Self.str("module") + [0x4e, 0x4e, 0x74, 0x51, 0x2e]
        guard case .unsupported? = assertCheckpointError(try CheckpointLoader.load(data: Self.legacyFile(module))) else {
            return XCTFail()
        }
    }

    func testMalformedSafetensorsHeaders() throws {
        func file(_ header: String, buffer: Int = 8) -> Data {
            let h = Data(header.utf8)
            return Data(Self.le64(UInt64(h.count))) + h + Data(count: buffer)
        }
        let ok = try CheckpointLoader.load(data: file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#))
        XCTAssertEqual(try ok["a"]?.floatValues(), [0, 0])
        let bad = [
            #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,      // size mismatch
            #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,     // past the buffer
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#,      // reversed
            #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,     // negative
            #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#,    // fraction
            #"{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#,      // unsupported dtype
            #"{"a":{"dtype":"F32","shape":[2]}}"#,                           // no offsets
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#,       // broken JSON
            #"{"a":[1,2]} "#,                                               // not a tensor entry
        ]
        for header in bad { assertCheckpointError(try CheckpointLoader.load(data: file(header)), header) }
        // A header length beyond the file.
        var longHeader = file(#"{"a":1}"#)
        longHeader.replaceSubrange(0 ..< 8, with: Self.le64(1_000_000))
        guard case .truncated? = assertCheckpointError(try CheckpointLoader.load(data: longHeader)) else { return XCTFail() }
    }

    // MARK: random input

    func testRandomGarbageAndPrefixedGarbage() throws {
        var rng = SplitMix64(seed: 0x5eed)
        let prefixes: [[UInt8]] = [
            [], [0x50, 0x4b, 0x03, 0x04], [0x80, 0x02], [0x80, 0x02, 0x8a, 0x0a] + Self.magic,
            Self.le64(20) + Array("{".utf8),
        ]
        for i in 0 ..< 400 {
            let n = Int(rng.next() % 3000)
            let bytes = prefixes[i % prefixes.count] + (0 ..< n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            assertCheckpointError(try CheckpointLoader.load(data: Data(bytes)), "garbage \(i)")
        }
    }

    /// Random byte corruptions of valid files: loading may succeed (a changed value) or
    /// fail, but must do so with a CheckpointError.
    func testRandomByteCorruptionNeverCrashes() throws {
        var rng = SplitMix64(seed: 42)
        for name in ["views_legacy.pt", "nested_legacy.pt", "views_zip.pt", "views_zip_deflated.pt", "tensors.safetensors",
                     "old_rebuild_legacy.pt", "strides_legacy.pt"] {
            let original = [UInt8](try CheckpointFixtures.data(name))
            // Zip loads stage a temporary file each, so they get fewer rounds.
            let rounds = Int(ProcessInfo.processInfo.environment["RS4A_FUZZ_ROUNDS"] ?? "") ?? (name.contains("zip") ? 150 : 400)
            for _ in 0 ..< rounds {
                var bytes = original
                for _ in 0 ... Int(rng.next() % 4) {
                    // In zips, half the hits go to the last third (central directory and end record):
                    // elsewhere the CRC-32 check catches almost every change.
                    let tail = name.contains("zip") && rng.next() % 2 == 0
                    let position = tail ? bytes.count - 1 - Int(rng.next() % UInt64(bytes.count / 3))
                        : Int(rng.next() % UInt64(bytes.count))
                    bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                }
                do {
                    let sd = try CheckpointLoader.load(data: Data(bytes))
                    for key in sd.keys { _ = try? sd[key]?.floatValues() }
                } catch is CheckpointError {
                } catch {
                    XCTFail("\(name): non-CheckpointError \(error)")
                }
            }
        }
    }

    // MARK: helpers

    static let magic: [UInt8] = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]

    static func le64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    /// SHORT_BINUNICODE (strings under 256 bytes).
    static func str(_ s: String) -> [UInt8] { [0x8c, UInt8(s.utf8.count)] + Array(s.utf8) }

    static func int(_ v: Int) -> [UInt8] { [0x8a, 0x08] + le64(UInt64(bitPattern: Int64(v))) }

    static func intTuple(_ v: [Int]) -> [UInt8] { [0x28] + v.flatMap(int) + [0x74] }

    /// A legacy torch file: magic, protocol 1001, sys_info {}, then `main` (and whatever follows).
    static func legacyFile(_ main: [UInt8]) -> Data {
        Data([0x80, 0x02, 0x8a, 0x0a] + magic + [0x2e] + [0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e]
            + [0x80, 0x02, 0x7d, 0x2e] + main)
    }

    /// `{"t": _rebuild_tensor_v2(('storage', FloatStorage, 'k', 'cpu', numel, view), offset, size, stride, False, None)}`
    /// with `view` = None or the pre-1.0 storage view `('v', viewOffset, viewSize)`.
    static func tensorDict(size: [Int], stride: [Int], offset: Int, numel: Int, view: (Int, Int)? = nil) -> [UInt8] {
        var p: [UInt8] = [0x80, 0x02, 0x7d] + str("t")
        p += [0x63] + Array("torch._utils\n_rebuild_tensor_v2\n".utf8)
        p += [0x28, 0x28] + str("storage") + [0x63] + Array("torch\nFloatStorage\n".utf8)
        p += str("k") + str("cpu") + int(numel)
        if let (viewOffset, viewSize) = view {
            p += [0x28] + str("v") + int(viewOffset) + int(viewSize) + [0x74]
        } else {
            p += [0x4e]
        }
        p += [0x74, 0x51]
        p += int(offset) + intTuple(size) + intTuple(stride) + [0x89, 0x4e, 0x74, 0x52]
        p += [0x73, 0x2e]
        return p
    }
}

/// A small deterministic generator for reproducible fuzz inputs.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
