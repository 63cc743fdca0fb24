import Foundation
import RS4AData
import XCTest

/// Every reader on its fixture, against values written independently by
/// scripts/fixtures/make_dataset_fixtures.py and make_digits.py (numpy, PIL, torch).
final class DatasetReaderTests: XCTestCase {
    private func expected(_ file: String) throws -> [String: NpyArray] {
        try NpzFormat.read(datasetFixtures.appendingPathComponent(file))
    }

    /// Exact equality: both sides are byte/255 in Float32.
    private func assertSame(_ d: ImageDataset, _ x: NpyArray, _ y: NpyArray, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(d.shape, Array(x.shape.dropFirst()), file: file, line: line)
        XCTAssertEqual(d.labels, try y.ints(), file: file, line: line)
        XCTAssertEqual(d.images, x.floats(), file: file, line: line)
    }

    func testCIFARPythonBatches() throws {
        let e = try expected("cifar_expected.npz")
        let dir = datasetFixtures.appendingPathComponent("cifar-py")
        try assertSame(try DatasetLoader.load(name: "cifar", split: .train, dataDir: dir), e["x_train"]!, e["y_train"]!)
        try assertSame(try DatasetLoader.load(name: "cifar", split: .test, dataDir: dir), e["x_test"]!, e["y_test"]!)
    }

    func testCIFARBinaryBatches() throws {
        let e = try expected("cifar_expected.npz")
        let dir = datasetFixtures.appendingPathComponent("cifar-bin")
        try assertSame(try DatasetLoader.load(name: "cifar", split: .train, dataDir: dir), e["x_train"]!, e["y_train"]!)
        try assertSame(try DatasetLoader.load(name: "cifar", split: .test, dataDir: dir), e["x_test"]!, e["y_test"]!)
    }

    func testMNISTPlainAndGzippedIDX() throws {
        let e = try expected("mnist_expected.npz")
        let dir = datasetFixtures.appendingPathComponent("mnist")
        try assertSame(try DatasetLoader.load(name: "mnist", split: .train, dataDir: dir), e["x_train"]!, e["y_train"]!)  // plain
        try assertSame(try DatasetLoader.load(name: "mnist", split: .test, dataDir: dir), e["x_test"]!, e["y_test"]!)     // .gz
        // Fashion-MNIST uses the same file names.
        let fashion = try DatasetLoader.load(name: "fashion", split: .test, dataDir: dir)
        XCTAssertEqual(fashion.name, "fashion")
        XCTAssertEqual(fashion.images, e["x_test"]!.floats())
    }

    func testNpzAndNpyArrays() throws {
        let dir = datasetFixtures.appendingPathComponent("npz")
        let train = try DatasetLoader.load(name: "npz", split: .train, dataDir: dir)
        let raw = try NpzFormat.read(dir.appendingPathComponent("train.npz"))["images"]!
        XCTAssertEqual(raw.shape, [5, 8, 8, 3])
        XCTAssertEqual(train.shape, [3, 8, 8])  // channels-last converted to channels-first
        XCTAssertEqual(train.labels, [0, 1, 2, 1, 0])
        let v = raw.floats()
        for (i, c, y, x) in [(0, 0, 0, 0), (2, 1, 3, 5), (4, 2, 7, 7)] {
            XCTAssertEqual(train.images[((i * 3 + c) * 8 + y) * 8 + x], v[((i * 8 + y) * 8 + x) * 3 + c] / 255)
        }
        let test = try DatasetLoader.load(name: "npz", split: .test, dataDir: dir)
        XCTAssertEqual(test.shape, [1, 6, 5])
        XCTAssertEqual(test.labels, [2, 0])
        XCTAssertEqual(test.images, try NpyFormat.read(dir.appendingPathComponent("test_images.npy")).floats())
    }

    /// The digits reader reproduces PyTorch's bilinear upsampling (align_corners=False) of x/16.
    /// Tolerance 1e-6: both are Float32 evaluations of the same 4-tap formula with different
    /// operation order (a few ulps of values ≤ 1).
    func testDigitsMatchTorchUpsampling() throws {
        let train = try DatasetLoader.load(name: "digits", split: .train, dataDir: datasetFixtures)
        let test = try DatasetLoader.load(name: "digits", split: .test, dataDir: datasetFixtures)
        XCTAssertEqual(train.count, 1500)
        XCTAssertEqual(test.count, 297)
        XCTAssertEqual(test.shape, [1, 28, 28])
        XCTAssertEqual(Set(train.labels), Set(0..<10))
        let ref = try NpyFormat.read(datasetFixtures.appendingPathComponent("digits_upsampled_ref.npy"))
        XCTAssertEqual(ref.shape, [5, 1, 28, 28])
        let r = ref.floats()
        for k in r.indices { XCTAssertEqual(test.images[k], r[k], accuracy: 1e-6) }
    }

    func testImageFolderDecodesJPEGAndPNG() throws {
        let e = try expected("imagefolder_expected.npz")
        let folder = try DatasetLoader.source(name: "imagenet", split: .test, dataDir: datasetFixtures.appendingPathComponent("imagefolder"))
        guard let images = folder as? ImageFolderDataset else { return XCTFail("expected an ImageFolderDataset") }
        XCTAssertEqual(images.classNames, ["ant", "bee"])
        XCTAssertEqual(images.count, 4)
        XCTAssertEqual(images.shape, [3, 224, 224])
        XCTAssertEqual(try (0..<4).map { try images.label(at: $0) }, [0, 0, 1, 1])
        for k in 0..<4 {
            let raster = try images.raster(at: k)
            let ref = e["rgb_\(k)"]!
            XCTAssertEqual([raster.height, raster.width, 3], ref.shape)
            let refBytes = try ref.ints()
            let maxDiff = zip(raster.pixels, refBytes).map { abs(Int($0) - $1) }.max() ?? 0
            let isJPEG = images.files[k].pathExtension.lowercased().hasPrefix("jp")
            // PNG is lossless: exact. JPEG: libjpeg-turbo here vs PIL's bundled libjpeg may use
            // different IDCT/upsampling variants; allow 3 levels of 255.
            XCTAssertLessThanOrEqual(maxDiff, isJPEG ? 3 : 0, "file \(k)")
        }
    }

    /// Resize-256 + centre-crop-224 against PIL's bilinear resize and crop (what torchvision's
    /// transforms do on PIL images). PIL rounds to 8 bits after each pass; ours stays in Float32,
    /// so agree to 2/255 per value and 0.5/255 on average.
    func testImageFolderTestTransformMatchesPIL() throws {
        let e = try expected("imagefolder_expected.npz")
        let images = try ImageFolderDataset(root: datasetFixtures.appendingPathComponent("imagefolder/val"))
        for k in 0..<4 {
            let x = try images.image(at: k)
            let ref = e["test_\(k)"]!.floats().map { $0 / 255 }
            XCTAssertEqual(x.count, ref.count)
            let diffs = zip(x, ref).map { abs($0 - $1) }
            XCTAssertLessThanOrEqual(diffs.max() ?? 1, 2.0 / 255 + 1e-6, "file \(k)")
            XCTAssertLessThanOrEqual(diffs.reduce(0, +) / Float(diffs.count), 0.5 / 255, "file \(k)")
        }
    }

    func testRandomResizedCropIsSeededAndInRange() throws {
        let images = try ImageFolderDataset(root: datasetFixtures.appendingPathComponent("imagefolder/val"))
        var g1 = SplitMix(seed: 7), g2 = SplitMix(seed: 7)
        let a = try images.trainImage(at: 1, using: &g1), b = try images.trainImage(at: 1, using: &g2)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 3 * 224 * 224)
        XCTAssertTrue(a.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}

/// A tiny seeded generator for the augmentation tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// CMYK JPEGs (a few ImageNet files are) decode to RGB as PIL converts them.
final class CMYKJPEGTests: XCTestCase {
    func testCMYKJPEGMatchesPIL() throws {
        let image = try ImageCodecs.decode(try Data(contentsOf: datasetFixtures.appendingPathComponent("cmyk.jpg")), file: "cmyk.jpg")
        let ref = try NpyFormat.read(datasetFixtures.appendingPathComponent("cmyk_expected_rgb.npy"))
        XCTAssertEqual([image.height, image.width, 3], ref.shape)
        let diff = zip(image.pixels, try ref.ints()).map { abs(Int($0) - $1) }.max() ?? 255
        // Same conversion formula; the JPEG decoders (libjpeg-turbo here, PIL's bundled libjpeg) may
        // differ by a few levels in IDCT/upsampling, and c + k clipping can amplify one level to two.
        XCTAssertLessThanOrEqual(diff, 4)
    }
}
