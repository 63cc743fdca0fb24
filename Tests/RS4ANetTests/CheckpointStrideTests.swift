import Foundation
import RS4ANet
import XCTest

/// Strides, sizes and offsets whose naive arithmetic overflows. Some are valid PyTorch views
/// (a size-1 dimension may carry any stride, an expanded view repeats its storage), which must
/// read exactly as torch reads them; the others must end in a `CheckpointError`.
/// Values of the torch-written files are compared with torch in `CheckpointFixtureTests`
/// (strides_zip.pt, strides_legacy.pt); here the network, writer and limits.
final class CheckpointStrideTests: XCTestCase {
    /// The audit's crash: a LeNet whose conv1.weight (6, 1, 5, 5) has strides (100, 2⁶², 10, 2).
    func testNetworkLoadsAWeightWithAHugeStrideOnASizeOneDimension() throws {
        let strided = try XCTUnwrap(try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("strides_zip.pt"))["conv1.weight"])
        let fixture = try XCTUnwrap(try NetworkFixture.load().first { $0.name == "lenet_mnist" })
        let base = try CheckpointLoader.load(contentsOf: fixture.checkpoint("zip"))
        func network(conv1: CheckpointTensor) throws -> Network {
            let entries = base.entries.map { ($0.0, $0.0 == "model.conv1.weight" ? conv1 : $0.1) }
            return try Network(architecture: fixture.architecture, dataset: fixture.dataset, stateDict: StateDict(entries))
        }
        let contiguous = try CheckpointTensor(shape: [6, 1, 5, 5], floats: strided.floatValues())
        // The same values, once as the file's view and once contiguous: identical logits.
        let a = try network(conv1: strided).forward(fixture.input).values
        let b = try network(conv1: contiguous).forward(fixture.input).values
        XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern))
    }

    func testHugeStrideViewsRoundTripThroughTheWriter() throws {
        for name in ["strides_zip.pt", "strides_legacy.pt"] {
            let source = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url(name))
            let back = try CheckpointLoader.load(data: CheckpointWriter.torchZipData(source))
            XCTAssertEqual(back.keys, source.keys, name)
            for key in source.keys {
                let x = try XCTUnwrap(back[key]), y = try XCTUnwrap(source[key])
                XCTAssertEqual(x.shape, y.shape, "\(name): \(key)")
                if y.dtype.isFloatingPoint {
                    XCTAssertEqual(try x.floatValues().map(\.bitPattern), try y.floatValues().map(\.bitPattern), "\(name): \(key)")
                } else {
                    XCTAssertEqual(try x.int64Values(), try y.int64Values(), "\(name): \(key)")
                }
            }
        }
    }

    /// torch saves `ones(1).expand(2⁴⁰)` as a 1-element storage with stride 0: it loads as a view,
    /// but materialising it (4 TiB) is refused with an error, not attempted.
    func testExpandedViewsAreNotMaterialisedBeyondTheLimit() throws {
        let sd = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("expanded_huge_zip.pt"))
        let w = try XCTUnwrap(sd["w"])
        XCTAssertEqual(w.shape, [1 << 40])
        XCTAssertEqual(w.count, 1 << 40)
        guard case .unsupported(let m)? = assertCheckpointError(try w.floatValues()) else { return XCTFail() }
        XCTAssertTrue(m.contains("repeats its storage"), m)
        assertCheckpointError(try CheckpointWriter.torchZipData(sd), "writer")
        // The same in a legacy file, and just above the limit: 4097 × 4096 elements from 4.
        for (size, stride) in [([1 << 40], [0]), ([4097, 4096], [0, 0]), ([1 << 20, 1 << 20, 4], [0, 0, 1])] {
            let t = try XCTUnwrap(try CheckpointLoader.load(data: Self.legacy(size: size, stride: stride))["t"])
            assertCheckpointError(try t.floatValues(), "\(size)")
        }
        // Small repetitions are ordinary views.
        let small = try XCTUnwrap(try CheckpointLoader.load(data: Self.legacy(size: [3, 4], stride: [0, 1]))["t"])
        XCTAssertEqual(try small.floatValues(), [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
    }

    /// Hand-made legacy files over the 4-element storage [0, 1, 2, 3].
    func testSizesStridesAndOffsetsNearIntMax() throws {
        let ok: [(size: [Int], stride: [Int], offset: Int, values: [Float])] = [
            ([2, 1, 2], [2, Int.max, 1], 0, [0, 1, 2, 3]),
            ([1], [Int.max], 3, [3]),
            ([1, 1], [Int.max, Int.max], 2, [2]),
            ([2, 1], [2, Int.max], 1, [1, 3]),          // inner dimension of size 1
            ([0, 3], [Int.max, Int.max], Int.max, []),  // empty: strides and offset unused, as in torch
            ([1 << 40, 1 << 40, 0], [1, 1, 1], 0, []),  // empty although the other sizes' product overflows
        ]
        for c in ok {
            let sd = try CheckpointLoader.load(data: Self.legacy(size: c.size, stride: c.stride, offset: c.offset))
            XCTAssertEqual(try sd["t"]?.floatValues(), c.values, "\(c)")
            let back = try CheckpointLoader.load(data: CheckpointWriter.torchZipData(sd))
            XCTAssertEqual(try back["t"]?.floatValues(), c.values, "\(c) written back")
        }
        let bad: [(String, [Int], [Int], Int)] = [
            ("offset Int.max", [1], [1], Int.max),
            ("offset + reach overflows", [2], [1], Int.max),
            ("reach overflows", [3], [1 << 62], 0),
            ("sum of reaches overflows", [2, 2], [Int.max, Int.max], 0),
            ("count overflows", [1 << 32, 1 << 32], [0, 0], 0),
            ("stride past the storage", [2], [4], 0),
        ]
        for (what, size, stride, offset) in bad {
            guard case .inconsistent? = assertCheckpointError(
                try CheckpointLoader.load(data: Self.legacy(size: size, stride: stride, offset: offset)), what) else {
                return XCTFail(what)
            }
        }
    }

    func testSafetensorsShapesThatOverflow() throws {
        func file(_ shape: String, _ offsets: String, buffer: Int = 8) -> Data {
            let h = Data(#"{"a":{"dtype":"F32","shape":\#(shape),"data_offsets":\#(offsets)}}"#.utf8)
            return Data(CheckpointErrorTests.le64(UInt64(h.count))) + h + Data(count: buffer)
        }
        for (shape, offsets) in [("[4611686018427387904]", "[0,8]"), ("[4294967296,4294967296]", "[0,8]"),
                                 ("[0,3,4611686018427387904]", "[0,0]"), ("[2]", "[4611686018427387904,4611686018427387912]"),
                                 ("[9223372036854775807,2]", "[0,8]")] {
            assertCheckpointError(try CheckpointLoader.load(data: file(shape, offsets)), "\(shape) \(offsets)")
        }
        // Empty tensors whose contiguous strides fit, whatever the product of their other sizes.
        for shape in ["[4611686018427387904,0]", "[4294967296,4294967296,0]"] {
            let empty = try XCTUnwrap(try CheckpointLoader.load(data: file(shape, "[0,0]", buffer: 0))["a"], shape)
            XCTAssertEqual(empty.count, 0, shape)
            XCTAssertEqual(try empty.floatValues(), [], shape)
        }
    }

    /// `{"t": view of a 4-element float storage [0, 1, 2, 3]}` in a legacy torch file.
    static func legacy(size: [Int], stride: [Int], offset: Int = 0) -> Data {
        let main = CheckpointErrorTests.tensorDict(size: size, stride: stride, offset: offset, numel: 4)
        let keys: [UInt8] = [0x80, 0x02, 0x28] + CheckpointErrorTests.str("k") + [0x6c, 0x2e]
        var tail = Data(CheckpointErrorTests.le64(4))
        for v: Float in [0, 1, 2, 3] { tail.append(contentsOf: CheckpointErrorTests.le32(v.bitPattern)) }
        return CheckpointErrorTests.legacyFile(main) + Data(keys) + tail
    }
}
