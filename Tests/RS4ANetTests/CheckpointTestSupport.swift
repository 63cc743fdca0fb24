import Foundation
import RS4ANet
import XCTest

/// Shared helpers for the checkpoint tests: fixture paths and expected-value files
/// written by scripts/fixtures/make_checkpoints.py (torch is the reference).
enum CheckpointFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checkpoints")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    struct Expected {
        let keys: [String]
        let tensors: [String: ExpectedTensor]
    }

    struct ExpectedTensor {
        let dtype: String
        let shape: [Int]
        /// float32 bit patterns (float dtypes), or nil.
        let floatBits: [UInt32]?
        /// int64 values (integer and bool dtypes), or nil.
        let int64: [Int64]?
    }

    static func expected(_ name: String) throws -> Expected {
        let json = try JSONSerialization.jsonObject(with: data(name + ".expected.json")) as? [String: Any]
        let keys = try XCTUnwrap(json?["keys"] as? [String])
        let raw = try XCTUnwrap(json?["tensors"] as? [String: [String: Any]])
        var tensors: [String: ExpectedTensor] = [:]
        for (key, t) in raw {
            let bits = (t["float_bits"] as? [NSNumber])?.map { UInt32($0.uint64Value) }
            let ints = try (t["int64"] as? [String])?.map { try XCTUnwrap(Int64($0)) }
            tensors[key] = ExpectedTensor(dtype: try XCTUnwrap(t["dtype"] as? String),
                                          shape: try XCTUnwrap(t["shape"] as? [NSNumber]).map(\.intValue),
                                          floatBits: bits, int64: ints)
        }
        return Expected(keys: keys, tensors: tensors)
    }

    /// torch's dtype names (as `str(tensor.dtype)`) for our cases.
    static func torchName(_ d: CheckpointDType) -> String {
        switch d {
        case .float32: return "float32"
        case .float16: return "float16"
        case .bfloat16: return "bfloat16"
        case .float64: return "float64"
        case .int64: return "int64"
        case .int32: return "int32"
        case .int16: return "int16"
        case .int8: return "int8"
        case .uint8: return "uint8"
        case .bool: return "bool"
        }
    }
}

/// Asserts that `body` throws a `CheckpointError` (not a crash, not another error type)
/// and returns it for further checks.
@discardableResult
func assertCheckpointError<T>(_ body: @autoclosure () throws -> T, _ message: String = "",
                              file: StaticString = #filePath, line: UInt = #line) -> CheckpointError? {
    do {
        _ = try body()
        XCTFail("expected a CheckpointError \(message)", file: file, line: line)
        return nil
    } catch let e as CheckpointError {
        XCTAssertFalse(e.description.isEmpty, file: file, line: line)
        return e
    } catch {
        XCTFail("expected a CheckpointError, got \(error) \(message)", file: file, line: line)
        return nil
    }
}
