import Foundation
import RS4AData
import XCTest

/// Missing or malformed files give typed errors whose messages name what was expected.
final class DatasetErrorTests: XCTestCase {
    private let empty = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-empty-\(getpid())")

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: empty)
    }

    private func missingMessage(_ name: String, _ split: DatasetSplit) -> String {
        do {
            _ = try DatasetLoader.source(name: name, split: split, dataDir: empty)
            XCTFail("\(name): expected an error")
        } catch DataError.missingFiles(let m) {
            return m
        } catch {
            XCTFail("\(name): unexpected error \(error)")
        }
        return ""
    }

    func testMissingFilesAreNamed() {
        let cifar = missingMessage("cifar", .test)
        XCTAssertTrue(cifar.contains("test_batch") && cifar.contains("test_batch.bin") && cifar.contains(empty.path), cifar)
        XCTAssertTrue(missingMessage("cifar", .train).contains("data_batch_5"))
        let mnist = missingMessage("mnist", .train)
        XCTAssertTrue(mnist.contains("train-images-idx3-ubyte") && mnist.contains("train-labels-idx1-ubyte") && mnist.contains(".gz"), mnist)
        XCTAssertTrue(missingMessage("fashion", .test).contains("t10k-images-idx3-ubyte"))
        XCTAssertTrue(missingMessage("digits", .test).contains("digits.npz"))
        XCTAssertTrue(missingMessage("npz", .train).contains("train.npz"))
        XCTAssertTrue(missingMessage("imagenet", .test).contains("val"))
    }

    func testUnknownDatasetName() {
        XCTAssertThrowsError(try DatasetLoader.load(name: "svhn2", split: .test, dataDir: empty)) { e in
            guard case DataError.invalidParameter(let name, let m) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(name, "dataset")
            XCTAssertTrue(m.contains("cifar") && m.contains("digits"))
        }
    }

    func testTruncatedAndCorruptFiles() throws {
        let dir = empty.appendingPathComponent("mnist-bad")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // IDX header promising 3×28×28 but holding 10 bytes.
        var bad = Data([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28])
        bad.append(Data(count: 10))
        try bad.write(to: dir.appendingPathComponent("t10k-images-idx3-ubyte"))
        try Data([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]).write(to: dir.appendingPathComponent("t10k-labels-idx1-ubyte"))
        XCTAssertThrowsError(try DatasetLoader.load(name: "mnist", split: .test, dataDir: dir)) { e in
            guard case DataError.malformed(_, let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("truncated"), m)
        }
        // A gzip file with a corrupt body.
        try Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]).write(to: dir.appendingPathComponent("train-images-idx3-ubyte.gz"))
        try Data([0, 0, 8, 1, 0, 0, 0, 0]).write(to: dir.appendingPathComponent("train-labels-idx1-ubyte.gz"))
        XCTAssertThrowsError(try DatasetLoader.load(name: "mnist", split: .train, dataDir: dir)) { e in
            guard case DataError.malformed = e else { return XCTFail("\(e)") }
        }
        // A CIFAR binary batch whose size is not a multiple of the record.
        let cifar = empty.appendingPathComponent("cifar-bad")
        try FileManager.default.createDirectory(at: cifar, withIntermediateDirectories: true)
        try Data(count: 3000).write(to: cifar.appendingPathComponent("test_batch.bin"))
        XCTAssertThrowsError(try DatasetLoader.load(name: "cifar", split: .test, dataDir: cifar)) { e in
            guard case DataError.malformed(_, let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("3073"), m)
        }
        // A pickle that is not a CIFAR dict.
        try Data([0x80, 0x02, 0x4b, 0x05, 0x2e]).write(to: cifar.appendingPathComponent("test_batch"))
        XCTAssertThrowsError(try DatasetLoader.load(name: "cifar", split: .test, dataDir: cifar))
        // An image that is neither JPEG nor PNG.
        XCTAssertThrowsError(try ImageCodecs.decode(Data("GIF89a".utf8), file: "x.gif"))
        XCTAssertThrowsError(try ImageCodecs.decode(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), file: "cut.jpg"))
    }

    /// Headers announcing absurd sizes are malformed-file errors, not overflows or huge allocations.
    func testHugeDeclaredSizesAreRejected() throws {
        let dir = empty.appendingPathComponent("huge")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // IDX: 4 dimensions of 2³²−1.
        try Data([0, 0, 8, 4] + Array(repeating: 0xff, count: 16)).write(to: dir.appendingPathComponent("t10k-images-idx3-ubyte"))
        try Data([0, 0, 8, 1, 0, 0, 0, 1, 0]).write(to: dir.appendingPathComponent("t10k-labels-idx1-ubyte"))
        XCTAssertThrowsError(try DatasetLoader.load(name: "mnist", split: .test, dataDir: dir)) { e in
            guard case DataError.malformed = e else { return XCTFail("\(e)") }
        }
        // .npy: shape (2**62, 8) of float64.
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }"
        var npy = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count), 0])
        npy.append(contentsOf: Array(header.utf8))
        XCTAssertThrowsError(try NpyFormat.parse(npy, file: "huge.npy")) { e in
            guard case DataError.malformed = e else { return XCTFail("\(e)") }
        }
        // Pickle: BINBYTES8 claiming 2⁶³−1 bytes.
        try Data([0x80, 0x04, 0x8e] + [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).write(to: dir.appendingPathComponent("test_batch"))
        XCTAssertThrowsError(try DatasetLoader.load(name: "cifar", split: .test, dataDir: dir)) { e in
            guard case DataError.malformed = e else { return XCTFail("\(e)") }
        }
    }
}
