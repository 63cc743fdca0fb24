// Architecture descriptions with the depth/width knobs of each network. Defaults are the
// reference sizes; reduced sizes exist for fixtures and tests.

/// torchvision-style ImageNet ResNet ("v1.5": stride on the 3×3 conv of the bottleneck).
public struct ImageNetResNetConfig: Sendable, Equatable {
    /// Blocks per stage, e.g. [3, 4, 6, 3] for ResNet-50.
    public var layers: [Int]
    /// Bottleneck blocks (ResNet-50/101/152) or basic blocks (ResNet-18/34).
    public var bottleneck: Bool
    /// Channels of the stem; stage i has width·2^i planes (64 in torchvision).
    public var width: Int
    /// Groups of the bottleneck's 3×3 convolution (torchvision `groups`; 32 for ResNeXt-50 32×4d).
    public var groups: Int
    /// torchvision `width_per_group`: the bottleneck's inner width is ⌊planes·widthPerGroup/64⌋·groups.
    public var widthPerGroup: Int

    /// Defaults are torchvision's ResNet-50.
    public init(layers: [Int] = [3, 4, 6, 3], bottleneck: Bool = true, width: Int = 64, groups: Int = 1,
                widthPerGroup: Int = 64) {
        self.layers = layers
        self.bottleneck = bottleneck
        self.width = width
        self.groups = groups
        self.widthPerGroup = widthPerGroup
    }

    /// torchvision's standard depths.
    public static let resnet18 = ImageNetResNetConfig(layers: [2, 2, 2, 2], bottleneck: false)
    public static let resnet34 = ImageNetResNetConfig(layers: [3, 4, 6, 3], bottleneck: false)
    public static let resnet50 = ImageNetResNetConfig(layers: [3, 4, 6, 3], bottleneck: true)
    public static let resnet101 = ImageNetResNetConfig(layers: [3, 4, 23, 3], bottleneck: true)
    public static let resnet152 = ImageNetResNetConfig(layers: [3, 8, 36, 3], bottleneck: true)
}

/// Classic CIFAR ResNet (depth 6·n + 2, option-A shortcuts); n = 18 gives ResNet-110.
public struct CIFARResNetConfig: Sendable, Equatable {
    /// Basic blocks per stage (n).
    public var blocksPerStage: Int

    /// Defaults to ResNet-110.
    public init(blocksPerStage: Int = 18) { self.blocksPerStage = blocksPerStage }

    /// The network depth 6·n + 2.
    public var depth: Int { 6 * blocksPerStage + 2 }
}

/// Wide-ResNet with pre-activation blocks; defaults give WRN-40-2.
public struct WideResNetConfig: Sendable, Equatable {
    /// Depth; (depth − 4) must be a positive multiple of 6.
    public var depth: Int
    /// Channel multiplier k of WRN-d-k.
    public var widenFactor: Int
    /// Channels of the first convolution (16 in the reference); groups have base·widen·{1, 2, 4}.
    public var baseWidth: Int

    /// Defaults to WRN-40-2 as in the reference.
    public init(depth: Int = 40, widenFactor: Int = 2, baseWidth: Int = 16) {
        self.depth = depth
        self.widenFactor = widenFactor
        self.baseWidth = baseWidth
    }
}

/// The reference's CIFAR-sized AlexNet (five 3×3 convolutions, three linear layers).
public struct AlexNetConfig: Sendable, Equatable {
    /// Output channels of the five convolutions (64, 192, 384, 256, 256 in the reference).
    public var channels: [Int]
    /// Width of the two hidden linear layers (4096 in the reference).
    public var hidden: Int

    /// Defaults are the reference sizes.
    public init(channels: [Int] = [64, 192, 384, 256, 256], hidden: Int = 4096) {
        self.channels = channels
        self.hidden = hidden
    }
}

/// Fully connected network: d → hidden[0] → hidden[1] → classes with ReLUs.
public struct MLPConfig: Sendable, Equatable {
    /// The two hidden widths (2048, 512 in the reference).
    public var hidden: [Int]

    /// Defaults are the reference sizes.
    public init(hidden: [Int] = [2048, 512]) { self.hidden = hidden }
}

/// A base-classifier architecture (the network after the normalisation layer).
public enum Architecture: Sendable, Equatable {
    /// torchvision ResNet (the reference's `ResNet` on ImageNet: ResNet-50).
    case imageNetResNet(ImageNetResNetConfig)
    /// Classic CIFAR ResNet (the reference's `ResNet` on other datasets: ResNet-110).
    case cifarResNet(CIFARResNetConfig)
    /// Wide-ResNet (the reference's `WideResNet`: WRN-40-2).
    case wideResNet(WideResNetConfig)
    /// LeNet-5; fc1 takes 16·5·5 features for 28×28 inputs and 16·6·6 for 32×32 inputs.
    /// The reference (`src/lib/lenet.py`) hard-codes 16·5·5, so its CIFAR/SVHN LeNet cannot run a
    /// forward pass on 32×32 images; ours sizes fc1 from the input, so a CIFAR LeNet checkpoint has
    /// `model.fc1.weight` of shape (120, 576), not the reference's (120, 400).
    case leNet
    /// The reference's CIFAR AlexNet (32×32 inputs).
    case alexNet(AlexNetConfig)
    /// The reference's MLP on flattened inputs.
    case mlp(MLPConfig)
    /// The reference's LinearModel on flattened inputs.
    case linear

    /// The reference wrapper's class name ("ResNet", "WideResNet", "LeNet", "AlexNet", "MLP", "LinearModel").
    public var referenceName: String {
        switch self {
        case .imageNetResNet, .cifarResNet: return "ResNet"
        case .wideResNet: return "WideResNet"
        case .leNet: return "LeNet"
        case .alexNet: return "AlexNet"
        case .mlp: return "MLP"
        case .linear: return "LinearModel"
        }
    }

    /// Whether the reference wraps norm and model in nn.DataParallel (keys carry `module.`).
    public var usesDataParallel: Bool {
        switch self {
        case .imageNetResNet, .cifarResNet, .wideResNet: return true
        default: return false
        }
    }

    /// Whether the reference flattens the normalised input before the network (MLP, LinearModel).
    var flattensInput: Bool {
        switch self {
        case .mlp, .linear: return true
        default: return false
        }
    }
}
