import Foundation
import RS4AData

/// Image files as demo inputs: a PNG or JPEG becomes one input of the model's shape.
enum ImageInput {
    /// Whether `path` names an image file (by its extension) rather than a .npy array.
    static func isImage(_ path: String) -> Bool {
        ["png", "jpg", "jpeg"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Decodes the image, converts it to the model's channel count (1 channel: ITU-R 601
    /// luma, as PIL's "L" mode; 3 channels: RGB), resizes it to the model's H×W with the
    /// antialiased bilinear filter of the dataset transforms, and scales values to [0, 1].
    static func read(_ path: String, shape: [Int]) throws -> NpyArray {
        guard shape.count == 3, shape[0] == 1 || shape[0] == 3 else {
            throw DemoError("image inputs need a model taking 1 or 3 channels, this one takes \(shape)")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DemoError("cannot read \(path): \(error.localizedDescription)")
        }
        let image = try ImageCodecs.decode(data, file: path)
        var planes = ImageTransforms.planes(image)
        let hw = image.width * image.height
        if shape[0] == 1 {
            planes = (0..<hw).map { i in 0.299 * planes[i] + 0.587 * planes[hw + i] + 0.114 * planes[2 * hw + i] }
        }
        let resized = ImageTransforms.resize(planes, channels: shape[0], height: image.height, width: image.width,
                                             newHeight: shape[1], newWidth: shape[2])
        return NpyArray(float32: resized, shape: [1] + shape)
    }
}
