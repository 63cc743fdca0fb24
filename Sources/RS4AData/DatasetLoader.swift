import Foundation

/// Finds and reads the datasets of the experiment workflow from a local directory (nothing is
/// downloaded). Every dataset is looked for in `dataDir` itself and in the sub-folders the
/// usual distributions unpack to; when nothing is found the error names the expected files.
public enum DatasetLoader {
    /// Dataset names `load`/`source` accept.
    public static let names = ["cifar", "mnist", "fashion", "digits", "npz", "imagenet"]

    /// An in-memory dataset (every name except "imagenet", which is too large: use `source`).
    ///
    /// - "cifar": CIFAR-10 python batches (`data_batch_1…5`, `test_batch` in
    ///   `cifar-10-batches-py/`) or binary batches (`data_batch_1…5.bin`, `test_batch.bin` in
    ///   `cifar-10-batches-bin/`); 3×32×32.
    /// - "mnist", "fashion": IDX files `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
    ///   `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each optionally `.gz`; 1×28×28.
    /// - "digits": scikit-learn's handwritten digits from `digits.npz` (1500 train / 297 test,
    ///   8×8 raw values upsampled to 1×28×28 like the demo model's training script).
    /// - "npz": `train.npz` / `test.npz` holding `images` and `labels`, or `<split>_images.npy` +
    ///   `<split>_labels.npy`, or one `data.npz` with `x_train`, `y_train`, `x_test`, `y_test`.
    /// - Throws: `DataError.missingFiles` naming the files looked for, `.malformed` for bad files,
    ///   `.invalidParameter` for an unknown name.
    public static func load(name: String, split: DatasetSplit, dataDir: URL) throws -> ImageDataset {
        switch name.lowercased() {
        case "cifar", "cifar10", "cifar-10": return try loadCIFAR(split: split, dataDir: dataDir)
        case "mnist": return try loadIDX(name: "mnist", folders: ["MNIST/raw", "mnist", "mnist/MNIST/raw"], split: split, dataDir: dataDir)
        case "fashion", "fashion-mnist", "fashionmnist":
            return try loadIDX(name: "fashion", folders: ["FashionMNIST/raw", "fashion", "fashion/FashionMNIST/raw", "fashion-mnist"],
                               split: split, dataDir: dataDir)
        case "digits": return try loadDigits(split: split, dataDir: dataDir)
        case "npz", "npy": return try loadArrays(split: split, dataDir: dataDir)
        case "imagenet":
            throw DataError.invalidParameter(name: "name", message: "imagenet is decoded lazily: use DatasetLoader.source(name:split:dataDir:)")
        default:
            throw DataError.invalidParameter(name: "dataset", message: "unknown dataset \"\(name)\"; known: \(names.joined(separator: ", "))")
        }
    }

    /// Any dataset as an indexed image source: "imagenet" (a folder of class sub-folders,
    /// `train/` and `val/` (or `test/`) under `dataDir`, decoded per image with the test
    /// transform resize-256 + centre-crop-224) or any in-memory dataset of `load`.
    public static func source(name: String, split: DatasetSplit, dataDir: URL) throws -> any ImageSource {
        if name.lowercased() == "imagenet" {
            let candidates = split == .train ? ["train", "imagenet/train"] : ["val", "test", "imagenet/val", "imagenet/test"]
            for c in candidates {
                let dir = dataDir.appendingPathComponent(c)
                if isDirectory(dir) { return try ImageFolderDataset(root: dir, name: "imagenet") }
            }
            throw DataError.missingFiles(
                "imagenet \(split.rawValue) images not found: expected a folder of class sub-folders of JPEG/PNG images at one of "
                    + candidates.map { dataDir.appendingPathComponent($0).path }.joined(separator: ", "))
        }
        return try load(name: name, split: split, dataDir: dataDir)
    }

    // MARK: - Per-dataset search

    static func loadCIFAR(split: DatasetSplit, dataDir: URL) throws -> ImageDataset {
        let batches = split == .train ? (1...5).map { "data_batch_\($0)" } : ["test_batch"]
        let folders = ["", "cifar-10-batches-py", "cifar_10/cifar-10-batches-py", "cifar-10-batches-bin", "cifar_10/cifar-10-batches-bin"]
        for folder in folders {
            let dir = folder.isEmpty ? dataDir : dataDir.appendingPathComponent(folder)
            let pickles = batches.map { dir.appendingPathComponent($0) }
            if pickles.allSatisfy({ isFile($0) }) { return try CIFARPickleReader.load(files: pickles) }
            let binaries = batches.map { dir.appendingPathComponent($0 + ".bin") }
            if binaries.allSatisfy({ isFile($0) }) { return try CIFARBinaryReader.load(files: binaries) }
        }
        throw DataError.missingFiles(
            "CIFAR-10 \(split.rawValue) split not found under \(dataDir.path): expected the python batches "
                + batches.joined(separator: ", ") + " (cifar-10-batches-py/) or the binary batches "
                + batches.map { $0 + ".bin" }.joined(separator: ", ") + " (cifar-10-batches-bin/), in "
                + folders.map { $0.isEmpty ? dataDir.path : dataDir.appendingPathComponent($0).path }.joined(separator: " or "))
    }

    static func loadIDX(name: String, folders: [String], split: DatasetSplit, dataDir: URL) throws -> ImageDataset {
        let prefix = split == .train ? "train" : "t10k"
        let images = "\(prefix)-images-idx3-ubyte", labels = "\(prefix)-labels-idx1-ubyte"
        for folder in [""] + folders {
            let dir = folder.isEmpty ? dataDir : dataDir.appendingPathComponent(folder)
            for suffix in ["", ".gz"] {
                let i = dir.appendingPathComponent(images + suffix), l = dir.appendingPathComponent(labels + suffix)
                if isFile(i) && isFile(l) { return try IDXReader.load(name: name, imagesURL: i, labelsURL: l) }
            }
        }
        throw DataError.missingFiles(
            "\(name) \(split.rawValue) split not found: expected \(images) and \(labels) (optionally .gz) in "
                + ([dataDir.path] + folders.map { dataDir.appendingPathComponent($0).path }).joined(separator: " or "))
    }

    static func loadDigits(split: DatasetSplit, dataDir: URL) throws -> ImageDataset {
        let url = [dataDir.appendingPathComponent("digits.npz"), dataDir.appendingPathComponent("datasets/digits.npz")]
            .first(where: isFile)
        guard let url else {
            throw DataError.missingFiles(
                "digits not found: expected digits.npz (arrays x_train, y_train, x_test, y_test; made by scripts/fixtures/make_digits.py, "
                    + "shipped as Tests/Fixtures/datasets/digits.npz) in \(dataDir.path)")
        }
        let arrays = try NpzFormat.read(url)
        let xk = "x_\(split.rawValue)", yk = "y_\(split.rawValue)"
        guard let x = arrays[xk], let y = arrays[yk] else {
            throw DataError.malformed(file: url.path, message: "missing array \(xk) or \(yk)")
        }
        guard x.shape.count == 3, x.shape[1] == 8, x.shape[2] == 8, y.shape == [x.shape[0]] else {
            throw DataError.malformed(file: url.path, message: "\(xk) must be N×8×8 and \(yk) N, got \(x.shape) and \(y.shape)")
        }
        let n = x.shape[0]
        let images = DigitsUpsampling.upsample(x.floats(), count: n)
        return try ImageDataset(name: "digits", shape: [1, 28, 28], classes: 10, images: images, labels: try y.ints(file: url.path))
    }

    static func loadArrays(split: DatasetSplit, dataDir: URL) throws -> ImageDataset {
        let s = split.rawValue
        let npz = dataDir.appendingPathComponent("\(s).npz")
        if isFile(npz) {
            let a = try NpzFormat.read(npz)
            guard let x = a["images"] ?? a["x"], let y = a["labels"] ?? a["y"] else {
                throw DataError.malformed(file: npz.path, message: "expected arrays images and labels (or x and y); found \(a.keys.sorted())")
            }
            return try ArrayImages.dataset(name: "npz", images: x, labels: y, classes: nil, file: npz.path)
        }
        let xi = dataDir.appendingPathComponent("\(s)_images.npy"), yi = dataDir.appendingPathComponent("\(s)_labels.npy")
        if isFile(xi) && isFile(yi) {
            return try ArrayImages.dataset(name: "npz", images: try NpyFormat.read(xi), labels: try NpyFormat.read(yi), classes: nil, file: xi.path)
        }
        let all = dataDir.appendingPathComponent("data.npz")
        if isFile(all) {
            let a = try NpzFormat.read(all)
            guard let x = a["x_\(s)"], let y = a["y_\(s)"] else {
                throw DataError.malformed(file: all.path, message: "expected arrays x_\(s) and y_\(s); found \(a.keys.sorted())")
            }
            return try ArrayImages.dataset(name: "npz", images: x, labels: y, classes: nil, file: all.path)
        }
        throw DataError.missingFiles(
            "npz \(s) split not found in \(dataDir.path): expected \(s).npz (arrays images, labels), or \(s)_images.npy + \(s)_labels.npy, "
                + "or data.npz (arrays x_\(s), y_\(s))")
    }

    static func isFile(_ url: URL) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &dir) && !dir.boolValue
    }

    static func isDirectory(_ url: URL) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &dir) && dir.boolValue
    }
}
