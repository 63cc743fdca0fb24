import Foundation

/// An ImageNet-style folder: one sub-folder per class (sorted names → labels 0, 1, …), each
/// holding JPEG/PNG images. Only the file list is kept in memory; images are decoded on demand.
public struct ImageFolderDataset: ImageSource {
    /// Dataset name.
    public let name: String
    /// Class folder names; label i is `classNames[i]`.
    public let classNames: [String]
    /// Image files, sorted by class then file name.
    public let files: [URL]
    /// Label of each file.
    public let fileLabels: [Int]
    /// Side of the square test crop (224 for ImageNet).
    public let cropSize: Int
    /// Shorter side after the test resize (256 for ImageNet).
    public let resizeSize: Int

    /// Indexes `root`.
    /// - Throws: `DataError.missingFiles` when `root` has no class folders with images.
    public init(root: URL, name: String = "imagenet", resizeSize: Int = 256, cropSize: Int = 224) throws {
        let fm = FileManager.default
        let subfolders = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { DatasetLoader.isDirectory(root.appendingPathComponent($0)) && !$0.hasPrefix(".") }.sorted()
        var files = [URL](), labels = [Int]()
        let extensions: Set<String> = ["jpg", "jpeg", "png"]
        for (label, cls) in subfolders.enumerated() {
            let dir = root.appendingPathComponent(cls)
            let names = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            for n in names {
                files.append(dir.appendingPathComponent(n))
                labels.append(label)
            }
        }
        guard !subfolders.isEmpty, !files.isEmpty else {
            throw DataError.missingFiles("no images in \(root.path): expected class sub-folders holding .jpg/.jpeg/.png files")
        }
        guard resizeSize >= cropSize, cropSize >= 1 else {
            throw DataError.invalidParameter(name: "cropSize", message: "need 1 ≤ cropSize ≤ resizeSize, got \(cropSize), \(resizeSize)")
        }
        self.name = name
        self.classNames = subfolders
        self.files = files
        self.fileLabels = labels
        self.cropSize = cropSize
        self.resizeSize = resizeSize
    }

    public var count: Int { files.count }
    public var shape: [Int] { [3, cropSize, cropSize] }
    public var classes: Int { classNames.count }

    public func label(at index: Int) throws -> Int {
        try check(index)
        return fileLabels[index]
    }

    /// Decoded RGB raster of image `index`.
    public func raster(at index: Int) throws -> RGBImage {
        try check(index)
        let data: Data
        do { data = try Data(contentsOf: files[index]) } catch {
            throw DataError.io("cannot read \(files[index].path): \(error.localizedDescription)")
        }
        return try ImageCodecs.decode(data, file: files[index].path)
    }

    /// Test transform: resize shorter side to `resizeSize`, centre crop `cropSize`.
    public func image(at index: Int) throws -> [Float] {
        ImageTransforms.resizeCenterCrop(try raster(at: index), resize: resizeSize, crop: cropSize)
    }

    /// Train transform: random resized crop to `cropSize` and a random horizontal flip.
    public func trainImage<G: RandomNumberGenerator>(at index: Int, using rng: inout G) throws -> [Float] {
        ImageTransforms.randomResizedCropFlip(try raster(at: index), size: cropSize, using: &rng)
    }

    private func check(_ index: Int) throws {
        guard index >= 0 && index < count else { throw DataError.invalidParameter(name: "index", message: "\(index) is not in 0..<\(count)") }
    }
}
