import Foundation
import RS4AData
import XCTest

/// SHA-256 against the FIPS 180-2 example digests and against coreutils' sha256sum of a
/// shipped file (an independent implementation; value recorded when the test was written).
final class SHA256Tests: XCTestCase {
    func testFIPSExamples() {
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: [UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testPiecewiseUpdatesEqualOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for piece in [1, 55, 56, 63, 64, 65, 333] {
            var h = SHA256()
            for start in stride(from: 0, to: bytes.count, by: piece) { h.update(bytes[start..<min(bytes.count, start + piece)]) }
            let piecewise = h.finalize()  // SHA256 is non-copyable: consume it outside the assertion's autoclosure
            var one = SHA256()
            one.update(bytes)
            let oneShot = one.finalize()
            XCTAssertEqual(piecewise, oneShot, "pieces of \(piece)")
        }
    }

    func testFileDigestMatchesSha256sum() throws {
        // `sha256sum Tests/Fixtures/datasets/digits.npz`
        XCTAssertEqual(try SHA256.hex(ofFileAt: datasetFixtures.appendingPathComponent("digits.npz")),
                       "a6860e7cb8af28bb5a778a64a52b4cc766b2ee6c49602f65cbd59bbf17cf4823")
        XCTAssertThrowsError(try SHA256.hex(ofFileAt: datasetFixtures.appendingPathComponent("absent.bin"))) {
            XCTAssertTrue("\($0)".contains("absent.bin"), "\($0)")
        }
    }
}
