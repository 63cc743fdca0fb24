import RS4ANet

// One builder per reference architecture, with the reference's state-dict keys (relative to the
// model prefix, e.g. "model." or "model.module."). Structures: /work/shared/spec/MODELS.md.

enum ArchitectureBuilders {
    static func leNet(_ b: NetBuilder, input: [Int], classes: Int) throws -> [any TrainLayer] {
        let side = { (s: Int) in (s / 2 - 4) / 2 }
        let features = 16 * side(input[1]) * side(input[2])
        guard side(input[1]) >= 1, side(input[2]) >= 1 else {
            throw TrainError.invalidParameter(name: "inputShape", message: "LeNet needs images of at least 12×12, got \(input)")
        }
        return [
            b.conv("conv1", input[0], 6, kernel: 5, padding: 2, bias: true), ReLULayer(), MaxPoolLayer(kernel: 2, stride: 2),
            b.conv("conv2", 6, 16, kernel: 5, bias: true), ReLULayer(), MaxPoolLayer(kernel: 2, stride: 2),
            FlattenLayer(),
            b.linear("fc1", features, 120), ReLULayer(),
            b.linear("fc2", 120, 84), ReLULayer(),
            b.linear("fc3", 84, classes),
        ]
    }

    static func mlp(_ b: NetBuilder, _ config: MLPConfig, dim: Int, classes: Int) -> [any TrainLayer] {
        [FlattenLayer(), b.linear("0", dim, config.hidden[0]), ReLULayer(),
         b.linear("2", config.hidden[0], config.hidden[1]), ReLULayer(),
         b.linear("4", config.hidden[1], classes)]
    }

    static func linear(_ b: NetBuilder, dim: Int, classes: Int) -> [any TrainLayer] {
        // The reference's LinearModel is a bare nn.Linear: keys "model.weight", "model.bias".
        let l = LinearLayer(name: String(b.prefix.dropLast()), inFeatures: dim, outFeatures: classes)
        WeightInit.torchDefault(l.weight, l.bias, fanIn: dim, &b.rng)
        return [FlattenLayer(), l]
    }

    static func alexNet(_ b: NetBuilder, _ config: AlexNetConfig, input: [Int], classes: Int) throws -> [any TrainLayer] {
        guard input[1] == 32, input[2] == 32 else {
            throw TrainError.invalidParameter(name: "inputShape", message: "AlexNet needs 32×32 images, got \(input)")
        }
        let c = config.channels
        return [
            b.conv("features.0", input[0], c[0], kernel: 3, stride: 2, padding: 1, bias: true), ReLULayer(),
            MaxPoolLayer(kernel: 2, stride: 2),
            b.conv("features.3", c[0], c[1], kernel: 3, padding: 1, bias: true), ReLULayer(),
            MaxPoolLayer(kernel: 2, stride: 2),
            b.conv("features.6", c[1], c[2], kernel: 3, padding: 1, bias: true), ReLULayer(),
            b.conv("features.8", c[2], c[3], kernel: 3, padding: 1, bias: true), ReLULayer(),
            b.conv("features.10", c[3], c[4], kernel: 3, padding: 1, bias: true), ReLULayer(),
            MaxPoolLayer(kernel: 2, stride: 2),
            FlattenLayer(),
            b.dropout(0.5), b.linear("classifier.1", c[4] * 4, config.hidden), ReLULayer(),
            b.dropout(0.5), b.linear("classifier.4", config.hidden, config.hidden), ReLULayer(),
            b.linear("classifier.6", config.hidden, classes),
        ]
    }

    static func cifarResNet(_ b: NetBuilder, _ config: CIFARResNetConfig, channels: Int, classes: Int) -> [any TrainLayer] {
        var layers: [any TrainLayer] = [b.conv("conv1", channels, 16, kernel: 3, padding: 1), b.bn("bn1", 16), ReLULayer()]
        var inPlanes = 16
        for (stage, planes) in [16, 32, 64].enumerated() {
            for i in 0..<config.blocksPerStage {
                let p = "layer\(stage + 1).\(i)"
                let stride = (i == 0 && stage > 0) ? 2 : 1
                let body = SequentialLayer([
                    b.conv(p + ".conv1", inPlanes, planes, kernel: 3, stride: stride, padding: 1), b.bn(p + ".bn1", planes),
                    ReLULayer(),
                    b.conv(p + ".conv2", planes, planes, kernel: 3, padding: 1), b.bn(p + ".bn2", planes),
                ])
                let shortcut: (any TrainLayer)? = (stride != 1 || inPlanes != planes) ? OptionAShortcut(pad: planes / 4) : nil
                layers.append(ResidualLayer(body: body, shortcut: shortcut, reluAfter: true))
                inPlanes = planes
            }
        }
        layers += [AvgPoolLayer(kernel: 0), FlattenLayer(), b.linear("linear", 64, classes)]
        return layers
    }

    static func wideResNet(_ b: NetBuilder, _ config: WideResNetConfig, input: [Int], classes: Int) throws -> [any TrainLayer] {
        guard config.depth >= 10, (config.depth - 4) % 6 == 0, config.widenFactor >= 1, config.baseWidth >= 1 else {
            throw TrainError.invalidParameter(name: "WideResNetConfig", message: "depth − 4 must be a positive multiple of 6, widen ≥ 1")
        }
        let n = (config.depth - 4) / 6, k = config.widenFactor, w0 = config.baseWidth
        let widths = [w0, w0 * k, 2 * w0 * k, 4 * w0 * k]
        var layers: [any TrainLayer] = [b.conv("conv1", input[0], widths[0], kernel: 3, padding: 1)]
        for group in 0..<3 {
            let cout = widths[group + 1]
            for i in 0..<n {
                let p = "block\(group + 1).layer.\(i)"
                let cin = i == 0 ? widths[group] : cout
                let stride = (i == 0 && group > 0) ? 2 : 1
                let bn1 = b.bn(p + ".bn1", cin)
                let conv1 = b.conv(p + ".conv1", cin, cout, kernel: 3, stride: stride, padding: 1)
                let bn2 = b.bn(p + ".bn2", cout)
                let conv2 = b.conv(p + ".conv2", cout, cout, kernel: 3, padding: 1)
                if cin == cout {
                    // out = conv2(relu(bn2(conv1(relu(bn1(x)))))) + x
                    let body = SequentialLayer([bn1, ReLULayer(), conv1, bn2, ReLULayer(), conv2])
                    layers.append(ResidualLayer(body: body, shortcut: nil, reluAfter: false))
                } else {
                    // a = relu(bn1(x)); out = conv2(relu(bn2(conv1(a)))) + convShortcut(a)
                    let shortcut = b.conv(p + ".convShortcut", cin, cout, kernel: 1, stride: stride)
                    let body = SequentialLayer([conv1, bn2, ReLULayer(), conv2])
                    layers += [bn1, ReLULayer(), ResidualLayer(body: body, shortcut: shortcut, reluAfter: false)]
                }
            }
        }
        layers += [b.bn("bn1", widths[3]), ReLULayer(), AvgPoolLayer(kernel: 8), FlattenLayer(),
                   b.linear("fc", widths[3], classes)]
        return layers
    }

    static func imageNetResNet(_ b: NetBuilder, _ config: ImageNetResNetConfig, channels: Int, classes: Int) throws -> [any TrainLayer] {
        guard config.groups == 1, config.layers.count == 4, config.layers.allSatisfy({ $0 >= 1 }) else {
            throw TrainError.invalidParameter(name: "ImageNetResNetConfig",
                                              message: "training supports 4 stages of ≥ 1 blocks and groups = 1")
        }
        let expansion = config.bottleneck ? 4 : 1
        var layers: [any TrainLayer] = [
            b.conv("conv1", channels, config.width, kernel: 7, stride: 2, padding: 3), b.bn("bn1", config.width), ReLULayer(),
            MaxPoolLayer(kernel: 3, stride: 2, padding: 1),
        ]
        var inPlanes = config.width
        for (stage, blocks) in config.layers.enumerated() {
            let planes = config.width << stage
            for i in 0..<blocks {
                let p = "layer\(stage + 1).\(i)"
                let stride = (i == 0 && stage > 0) ? 2 : 1
                let body: SequentialLayer
                if config.bottleneck {
                    let inner = planes * config.widthPerGroup / 64
                    body = SequentialLayer([
                        b.conv(p + ".conv1", inPlanes, inner, kernel: 1), b.bn(p + ".bn1", inner), ReLULayer(),
                        b.conv(p + ".conv2", inner, inner, kernel: 3, stride: stride, padding: 1), b.bn(p + ".bn2", inner),
                        ReLULayer(),
                        b.conv(p + ".conv3", inner, planes * 4, kernel: 1), b.bn(p + ".bn3", planes * 4),
                    ])
                } else {
                    body = SequentialLayer([
                        b.conv(p + ".conv1", inPlanes, planes, kernel: 3, stride: stride, padding: 1), b.bn(p + ".bn1", planes),
                        ReLULayer(),
                        b.conv(p + ".conv2", planes, planes, kernel: 3, padding: 1), b.bn(p + ".bn2", planes),
                    ])
                }
                var shortcut: (any TrainLayer)?
                if stride != 1 || inPlanes != planes * expansion {
                    shortcut = SequentialLayer([
                        b.conv(p + ".downsample.0", inPlanes, planes * expansion, kernel: 1, stride: stride),
                        b.bn(p + ".downsample.1", planes * expansion),
                    ])
                }
                layers.append(ResidualLayer(body: body, shortcut: shortcut, reluAfter: true))
                inPlanes = planes * expansion
            }
        }
        layers += [AvgPoolLayer(kernel: 0), FlattenLayer(), b.linear("fc", inPlanes, classes)]
        return layers
    }
}
