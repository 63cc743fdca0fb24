import Foundation
import RS4AData
import RS4ANet
import RS4ANumerics
import RS4ATrain
import XCTest

/// Training streamed from an ImageNet-style folder (the shipped four JPEG/PNG images in two
/// classes) with the train transform random-resized-crop 224 + flip: batches do not depend on
/// the thread count, an interrupted run resumes to the identical result, and a corrupt image is
/// a typed error. A ResNet-8 (the CIFAR ResNet with one block per stage, global average pool)
/// at 3×224×224 with 2 classes keeps it fast.
final class StreamingTrainingTests: ScratchDirectoryTestCase {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/datasets/imagefolder/val")

    private static let info: DatasetInfo = {
        let imagenet = DatasetInfo.imagenet
        guard let info = try? DatasetInfo(name: "imagenet", inputShape: [3, 224, 224], classes: 2, mean: imagenet.mean, std: imagenet.std)
        else { preconditionFailure("static description is valid") }
        return info
    }()

    private static let resnet8 = Architecture.cifarResNet(CIFARResNetConfig(blocksPerStage: 1))

    private func examples(_ root: URL = folder) throws -> StreamingTrainingSet {
        let images = try ImageFolderDataset(root: root)
        return try StreamingTrainingSet(info: Self.info, labels: images.fileLabels) { index, source in
            try images.trainImage(at: index, using: &source)
        }
    }

    private func options(_ root: URL) -> TrainOptions {
        var o = TrainOptions()
        o.model = "ResNet-8"; o.dataset = "imagenet"; o.numEpochs = 2; o.batchSize = 2; o.lr = 0.01; o.printEvery = 1
        o.noise = "Gaussian"; o.sigma = 0.25; o.outputDir = root.path; o.experimentName = "folder"; o.seed = 3
        return o
    }

    func testBatchesDoNotDependOnTheThreadCount() throws {
        let set = try examples()
        let stream = RandomStream(seed: 1, stream: 2)
        let one = try set.batch([3, 0, 2, 1], stream: stream, threads: 1)
        XCTAssertEqual(try set.batch([3, 0, 2, 1], stream: stream, threads: 3), one)
        XCTAssertEqual(one.count, 4 * 3 * 224 * 224)
        XCTAssertTrue(one.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Row r is image indices[r] transformed with the row's own substream.
        let images = try ImageFolderDataset(root: Self.folder)
        var source = stream.substream(1).makeSource()
        XCTAssertEqual(Array(one[(3 * 224 * 224)..<(2 * 3 * 224 * 224)]), try images.trainImage(at: 0, using: &source))
        XCTAssertNotEqual(try set.batch([3, 0, 2, 1], stream: RandomStream(seed: 2, stream: 2), threads: 1), one)
    }

    func testFolderTrainingResumesIdentically() throws {
        let straightRoot = scratch.appendingPathComponent("straight")
        let straight = try Trainer(options: options(straightRoot),
                                   model: TrainableModel(architecture: Self.resnet8, dataset: Self.info, seed: 1), examples: examples())
        try straight.run(log: { _ in })
        XCTAssertEqual(straight.losses.count, 4)  // two batches of two images per epoch, each logged

        let resumedRoot = scratch.appendingPathComponent("resumed")
        try Trainer(options: options(resumedRoot), model: TrainableModel(architecture: Self.resnet8, dataset: Self.info, seed: 1),
                    examples: examples()).run(stopAfterEpochs: 1, log: { _ in })
        var lines: [String] = []
        let resumed = try Trainer(options: options(resumedRoot), model: TrainableModel(architecture: Self.resnet8, dataset: Self.info, seed: 8),
                                  examples: examples())
        try resumed.run(log: { lines.append($0) })
        XCTAssertEqual(lines.first, "Resuming folder after epoch 1")
        for file in ["model_ckpt.torch", "losses_train.npy"] {
            XCTAssertEqual(try Data(contentsOf: resumedRoot.appendingPathComponent("folder/\(file)")),
                           try Data(contentsOf: straightRoot.appendingPathComponent("folder/\(file)")), file)
        }
        // The checkpoint loads as an RS4ANet network of the same structure and input size.
        let net = try Network.load(architecture: Self.resnet8, dataset: Self.info,
                                   checkpoint: straightRoot.appendingPathComponent("folder/model_ckpt.torch"))
        XCTAssertEqual(net.inputShape, [3, 224, 224])
    }

    func testCorruptImageIsATypedError() throws {
        let root = scratch.appendingPathComponent("images")
        for cls in ["a", "b"] { try FileManager.default.createDirectory(at: root.appendingPathComponent(cls), withIntermediateDirectories: true) }
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("ant/a.png"), to: root.appendingPathComponent("a/good.png"))
        try Data([0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]).write(to: root.appendingPathComponent("b/broken.jpg"))
        let trainer = try Trainer(options: options(scratch.appendingPathComponent("out")),
                                  model: TrainableModel(architecture: Self.resnet8, dataset: Self.info, seed: 1), examples: examples(root))
        XCTAssertThrowsError(try trainer.run(log: { _ in })) { error in
            guard case DataError.malformed(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix("broken.jpg"), file)
        }
    }
}
