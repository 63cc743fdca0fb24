import RS4ANumerics

/// The reference's training-set transforms: CIFAR gets RandomCrop(32, padding 4) and
/// RandomHorizontalFlip; downsampled ImageNet gets the flip only; other datasets none.
public struct Augmentation: Sendable {
    /// Zero padding before the random crop back to the original size (0 = no crop).
    public let cropPadding: Int
    /// Flip horizontally with probability ½.
    public let horizontalFlip: Bool

    public init(cropPadding: Int, horizontalFlip: Bool) {
        self.cropPadding = cropPadding
        self.horizontalFlip = horizontalFlip
    }

    /// The reference's choice for a dataset name.
    public static func reference(dataset: String) -> Augmentation {
        switch dataset.lowercased() {
        case "cifar", "cifar10", "cifar-10", "cifar10selftrained": return Augmentation(cropPadding: 4, horizontalFlip: true)
        case "ds-imagenet": return Augmentation(cropPadding: 0, horizontalFlip: true)
        default: return Augmentation(cropPadding: 0, horizontalFlip: false)
        }
    }

    /// Whether the transform does anything.
    public var isIdentity: Bool { cropPadding == 0 && !horizontalFlip }

    /// Transforms the C×H×W image at `image` in place with randomness from `source`.
    public func apply(_ image: UnsafeMutableBufferPointer<Float>, shape: [Int], source: inout RandomSource) {
        let c = shape[0], h = shape[1], w = shape[2]
        let pad = cropPadding
        let di = pad > 0 ? Int(source.next() % UInt64(2 * pad + 1)) - pad : 0
        let dj = pad > 0 ? Int(source.next() % UInt64(2 * pad + 1)) - pad : 0
        let flip = horizontalFlip && source.next() & 1 == 1
        guard di != 0 || dj != 0 || flip else { return }
        let original = Array(image)
        for ch in 0..<c { for i in 0..<h { for j in 0..<w {
            // Output (i, j) reads padded input (i + di, j' + dj), j' mirrored when flipping.
            let jj = flip ? w - 1 - j : j
            let si = i + di, sj = jj + dj
            image[(ch * h + i) * w + j] = (si >= 0 && si < h && sj >= 0 && sj < w) ? original[(ch * h + si) * w + sj] : 0
        } } }
    }
}
