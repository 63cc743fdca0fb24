import Foundation
import RS4ANet
import XCTest

/// The writer's output read back by our reader (CI), checked once against torch by
/// scripts/fixtures/check_checkpoint_writer.py, which runs `testTorchCompatibleFile`
/// with RS4A_CHECKPOINT_WRITER_OUT set and loads the file with torch.
final class CheckpointWriterTests: XCTestCase {
    /// The state dict of torch's `nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3),
    /// nn.Flatten(), nn.Linear(12, 4))`, element i of the k-th tensor = i/8 − k.
    static func sequentialStateDict() throws -> StateDict {
        let layout: [(String, [Int])] = [
            ("0.weight", [3, 2, 3, 3]), ("0.bias", [3]),
            ("1.weight", [3]), ("1.bias", [3]), ("1.running_mean", [3]), ("1.running_var", [3]),
            ("3.weight", [4, 12]), ("3.bias", [4]),
        ]
        var entries: [(String, CheckpointTensor)] = []
        for (k, (name, shape)) in layout.enumerated() {
            let n = shape.reduce(1, *)
            entries.append((name, try CheckpointTensor(shape: shape, floats: (0 ..< n).map { Float($0) / 8 - Float(k) })))
            if name == "1.running_var" {
                entries.append(("1.num_batches_tracked", try CheckpointTensor(shape: [], int64s: [42])))
            }
        }
        return try StateDict(entries)
    }

    func testTorchCompatibleFile() throws {
        let sd = try Self.sequentialStateDict()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-writer-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try CheckpointWriter.saveTorchZip(sd, to: url)
        if let out = ProcessInfo.processInfo.environment["RS4A_CHECKPOINT_WRITER_OUT"] {
            try CheckpointWriter.saveTorchZip(sd, to: URL(fileURLWithPath: out))
        }
        let back = try CheckpointLoader.load(contentsOf: url)
        try assertSame(back, sd)
        XCTAssertEqual(try back["1.num_batches_tracked"]?.int64Values(), [42])
        XCTAssertEqual(back["1.num_batches_tracked"]?.shape, [])
    }

    func testRoundTripOfEveryDTypeAndOfViews() throws {
        // Views (transposes, slices) and all dtypes from a torch fixture are written contiguously.
        let source = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("views_zip.pt"))
        let back = try CheckpointLoader.load(data: CheckpointWriter.torchZipData(source))
        try assertSame(back, source)
    }

    func testFloatConvenienceAPI() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-writer-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try CheckpointWriter.saveTorchZip([("w", shape: [2, 2], values: [1, -2, 0.5, 3e-39]),
                                           ("s", shape: [], values: [7])], to: url)
        let back = try CheckpointLoader.load(contentsOf: url)
        XCTAssertEqual(back.keys, ["w", "s"])
        XCTAssertEqual(try back["w"]?.floatValues(), [1, -2, 0.5, 3e-39])
        XCTAssertEqual(try back["s"]?.floatValues(), [7])
        XCTAssertThrowsError(try CheckpointWriter.saveTorchZip([("bad", shape: [3], values: [1])], to: url))
    }

    func testRecordsAre64ByteAligned() throws {
        let data = [UInt8](try CheckpointWriter.torchZipData(Self.sequentialStateDict()))
        var offset = 0
        var records = 0
        func u16(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        while offset + 30 <= data.count, u32(offset) == 0x0403_4b50 {
            let dataStart = offset + 30 + u16(offset + 26) + u16(offset + 28)
            XCTAssertEqual(dataStart % 64, 0, "record \(records) data offset \(dataStart)")
            offset = dataStart + u32(offset + 18)
            records += 1
        }
        XCTAssertEqual(records, 1 + 1 + 9 + 1) // data.pkl, byteorder, 9 tensors, version
    }

    func testDuplicateKeysAreRejected() throws {
        let t = try CheckpointTensor(shape: [1], floats: [1])
        guard case .invalidArgument? = assertCheckpointError(try StateDict([("a", t), ("a", t)])) else {
            return XCTFail("expected invalidArgument")
        }
        assertCheckpointError(try CheckpointTensor(shape: [2, -1], floats: []))
        assertCheckpointError(try CheckpointTensor(shape: [2], int64s: [1, 2, 3]))
    }

    private func assertSame(_ a: StateDict, _ b: StateDict, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(a.keys, b.keys, file: file, line: line)
        for key in b.keys {
            let x = try XCTUnwrap(a[key]), y = try XCTUnwrap(b[key])
            XCTAssertEqual(x.shape, y.shape, key, file: file, line: line)
            XCTAssertEqual(x.dtype, y.dtype, key, file: file, line: line)
            if y.dtype.isFloatingPoint {
                XCTAssertEqual(try x.floatValues().map(\.bitPattern), try y.floatValues().map(\.bitPattern), key,
                               file: file, line: line)
            } else {
                XCTAssertEqual(try x.int64Values(), try y.int64Values(), key, file: file, line: line)
            }
        }
    }
}
