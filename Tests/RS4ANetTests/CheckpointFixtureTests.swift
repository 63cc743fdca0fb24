import Foundation
import RS4ANet
import XCTest

/// Reads every torch/safetensors fixture and compares all values bit-exactly with
/// torch's own (tolerance zero: float16/bfloat16 widen exactly, float64 → float32
/// rounds to nearest-even in both torch and Swift).
final class CheckpointFixtureTests: XCTestCase {
    static let readable = [
        "views_zip.pt", "views_legacy.pt", "views_zip_protocol4.pt", "views_zip_deflated.pt",
        "nested_zip.pt", "nested_legacy.pt", "old_rebuild_legacy.pt", "tensors.safetensors",
        "strides_zip.pt", "strides_legacy.pt",
    ]

    func testEveryFixtureMatchesTorchExactly() throws {
        for name in Self.readable {
            let expected = try CheckpointFixtures.expected(name)
            let sd = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url(name))
            XCTAssertEqual(sd.keys, expected.keys, name)
            XCTAssertEqual(sd.count, expected.keys.count, name)
            for key in expected.keys {
                let want = try XCTUnwrap(expected.tensors[key])
                let got = try XCTUnwrap(sd[key], "\(name): \(key)")
                XCTAssertEqual(got.shape, want.shape, "\(name): \(key)")
                XCTAssertEqual(CheckpointFixtures.torchName(got.dtype), want.dtype, "\(name): \(key)")
                XCTAssertEqual(got.count, want.shape.reduce(1, *), "\(name): \(key)")
                if let bits = want.floatBits {
                    XCTAssertEqual(try got.floatValues().map(\.bitPattern), bits, "\(name): \(key)")
                    XCTAssertThrowsError(try got.int64Values(), "\(name): \(key)") { error in
                        guard case CheckpointError.wrongDType = error else { return XCTFail("\(error)") }
                    }
                } else {
                    let ints = try XCTUnwrap(want.int64)
                    XCTAssertEqual(try got.int64Values(), ints, "\(name): \(key)")
                    XCTAssertEqual(try got.floatValues(), ints.map { Float($0) }, "\(name): \(key)")
                }
            }
        }
    }

    func testZipAndLegacyGiveTheSameStateDict() throws {
        for (a, b) in [("views_zip.pt", "views_legacy.pt"), ("nested_zip.pt", "nested_legacy.pt"),
                       ("views_zip.pt", "views_zip_protocol4.pt"), ("strides_zip.pt", "strides_legacy.pt")] {
            let x = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url(a))
            let y = try CheckpointLoader.load(data: CheckpointFixtures.data(b))
            XCTAssertEqual(x.keys, y.keys)
            for key in x.keys {
                let tx = try XCTUnwrap(x[key]), ty = try XCTUnwrap(y[key])
                XCTAssertEqual(tx.shape, ty.shape, key)
                XCTAssertEqual(tx.dtype, ty.dtype, key)
                if tx.dtype.isFloatingPoint {
                    XCTAssertEqual(try tx.floatValues().map(\.bitPattern), try ty.floatValues().map(\.bitPattern), key)
                } else {
                    XCTAssertEqual(try tx.int64Values(), try ty.int64Values(), key)
                }
            }
        }
    }

    func testScalarEmptyAndSharedViews() throws {
        let sd = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("views_zip.pt"))
        let scalar = try XCTUnwrap(sd["scalar"])
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.count, 1)
        XCTAssertEqual(try scalar.floatValues(), [3.25])
        let nbt = try XCTUnwrap(sd["bn.num_batches_tracked"])
        XCTAssertEqual(nbt.dtype, .int64)
        XCTAssertEqual(try nbt.int64Values(), [17])
        let empty = try XCTUnwrap(sd["empty"])
        XCTAssertEqual(empty.shape, [0, 3])
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(try empty.floatValues(), [])
        // base = arange(24)·0.5 − 3 as a 4×6 matrix; the views are computed here independently.
        let base = (0 ..< 24).map { Float($0) * 0.5 - 3 }
        XCTAssertEqual(try sd["shared.base"]?.floatValues(), base)
        XCTAssertEqual(try sd["shared.transpose"]?.floatValues(),
                       (0 ..< 6).flatMap { c in (0 ..< 4).map { r in base[r * 6 + c] } })
        XCTAssertEqual(try sd["shared.slice"]?.floatValues(),
                       (1 ..< 3).flatMap { r in (2 ..< 5).map { c in base[r * 6 + c] } })
        XCTAssertEqual(try sd["shared.column"]?.floatValues(), (0 ..< 4).map { base[$0 * 6 + 3] })
        XCTAssertEqual(try sd["shared.strided"]?.floatValues(),
                       [0, 2].flatMap { r in [1, 4].map { c in base[r * 6 + c] } })
    }

    func testNestedCheckpointUnwrapsStateDictAndKeepsModulePrefixes() throws {
        for name in ["nested_zip.pt", "nested_legacy.pt"] {
            let sd = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url(name))
            XCTAssertEqual(sd.keys, [
                "norm.module.mu", "norm.module.log_sig",
                "model.module.0.weight",
                "model.module.1.weight", "model.module.1.bias", "model.module.1.running_mean",
                "model.module.1.running_var", "model.module.1.num_batches_tracked",
                "model.module.4.weight", "model.module.4.bias",
            ], name)
            XCTAssertEqual(sd["norm.module.mu"]?.shape, [1, 1, 1])
            XCTAssertEqual(sd["model.module.0.weight"]?.shape, [2, 1, 3, 3])
            XCTAssertEqual(try sd["model.module.1.num_batches_tracked"]?.int64Values(), [3])
        }
    }

    func testFloat16SpecialValues() throws {
        let sd = try CheckpointLoader.load(contentsOf: CheckpointFixtures.url("views_legacy.pt"))
        let v = try XCTUnwrap(sd["f16.special"]).floatValues()
        XCTAssertEqual(v[0], 1.5)
        XCTAssertEqual(v[1].bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(v[3], 0x1p-24) // smallest float16 subnormal
        XCTAssertEqual(v[5], 65504)
        XCTAssertEqual(v[6], .infinity)
        XCTAssertEqual(v[7], -.infinity)
    }

    func testLoadFromSlicedData() throws {
        // A Data slice with a non-zero startIndex must read the same.
        let raw = try CheckpointFixtures.data("views_legacy.pt")
        let padded = Data([1, 2, 3]) + raw
        let sd = try CheckpointLoader.load(data: padded[3...])
        XCTAssertEqual(sd.keys, try CheckpointFixtures.expected("views_legacy.pt").keys)
    }
}
