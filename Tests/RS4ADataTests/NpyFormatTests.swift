import Foundation
import RS4AData
import XCTest

/// .npy writing and reading: round trips and the byte layout NumPy expects.
final class NpyFormatTests: XCTestCase {
    func testRoundTripFloat64AndInt64() throws {
        let a = NpyArray(float64: [0, -1.5, .pi, 1e-300, .infinity], shape: [5])
        let b = try NpyFormat.parse(NpyFormat.encode(a), file: "a")
        XCTAssertEqual(b, a)
        XCTAssertEqual(b.doubles(), [0, -1.5, .pi, 1e-300, .infinity])
        let m = NpyArray(int64: [1, -2, 3, 4, 5, 6], shape: [2, 3])
        let n = try NpyFormat.parse(NpyFormat.encode(m), file: "m")
        XCTAssertEqual(n.shape, [2, 3])
        XCTAssertEqual(try n.ints(), [1, -2, 3, 4, 5, 6])
    }

    func testHeaderIsAlignedAndNumPyShaped() {
        let d = NpyFormat.encode(NpyArray(int64: [7], shape: [1]))
        let headerLength = Int(d[8]) | Int(d[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0)
        let header = String(decoding: d[10 ..< 10 + headerLength], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }"), header)
        XCTAssertEqual(header.last, "\n")
    }

    func testRejectsNonNumericAndTruncated() {
        XCTAssertThrowsError(try NpyFormat.parse(Data("hello".utf8), file: "x"))
        var d = NpyFormat.encode(NpyArray(float64: [1, 2, 3]))
        d.removeLast(4)
        XCTAssertThrowsError(try NpyFormat.parse(d, file: "x")) { e in
            guard case DataError.malformed(_, let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("truncated"))
        }
        XCTAssertThrowsError(try NpyArray(float64: [0.5]).ints())
    }
}
