import RS4ANumerics

/// Creates layers with their state-dict names and initialises them as the reference does.
final class NetBuilder {
    /// Per-architecture initialisation of convolutions and linear layers.
    enum Scheme {
        /// PyTorch defaults (LeNet, AlexNet, MLP, LinearModel).
        case torchDefault
        /// Classic CIFAR ResNet: kaiming_normal_ (fan_in, gain √2) on conv and linear weights.
        case cifarResNet
        /// Wide-ResNet: conv ~ N(0, 2/(k²·out)), linear bias 0 (weight default).
        case wideResNet
        /// torchvision ResNet: conv kaiming_normal_ (fan_out, relu), linear default.
        case torchvision
    }

    let scheme: Scheme
    let prefix: String
    var rng: RandomSource
    let dropoutStream: RandomStream
    private var dropouts: UInt64 = 0

    init(scheme: Scheme, prefix: String, seed: UInt64) {
        self.scheme = scheme
        self.prefix = prefix
        let root = RandomStream(seed: seed)
        rng = root.substream(0).makeSource()
        dropoutStream = root.substream(1)
    }

    func conv(_ name: String, _ cin: Int, _ cout: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
              bias: Bool = false) -> Conv2dLayer {
        let c = Conv2dLayer(name: prefix + name, inChannels: cin, outChannels: cout, kernel: kernel,
                            stride: stride, padding: padding, bias: bias)
        switch scheme {
        case .torchDefault: WeightInit.torchDefault(c.weight, c.bias, fanIn: c.fanIn, &rng)
        case .cifarResNet:
            WeightInit.torchDefault(c.weight, c.bias, fanIn: c.fanIn, &rng)  // bias (if any) keeps the default law
            WeightInit.normal(c.weight, std: (2 / Double(c.fanIn)).squareRoot(), &rng)
        case .wideResNet, .torchvision:
            WeightInit.torchDefault(c.weight, c.bias, fanIn: c.fanIn, &rng)
            WeightInit.normal(c.weight, std: (2 / Double(c.fanOut)).squareRoot(), &rng)
        }
        return c
    }

    func linear(_ name: String, _ fin: Int, _ fout: Int) -> LinearLayer {
        let l = LinearLayer(name: prefix + name, inFeatures: fin, outFeatures: fout)
        WeightInit.torchDefault(l.weight, l.bias, fanIn: fin, &rng)
        switch scheme {
        case .torchDefault, .torchvision: break
        case .cifarResNet: WeightInit.normal(l.weight, std: (2 / Double(fin)).squareRoot(), &rng)
        case .wideResNet: WeightInit.zero(l.bias)
        }
        return l
    }

    func bn(_ name: String, _ channels: Int) -> BatchNormLayer { BatchNormLayer(name: prefix + name, channels: channels) }

    func dropout(_ p: Float) -> DropoutLayer {
        defer { dropouts += 1 }
        return DropoutLayer(p: p, stream: dropoutStream.substream(dropouts))
    }
}
