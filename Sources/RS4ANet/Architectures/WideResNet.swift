// Wide-ResNet (Zagoruyko & Komodakis; keys conv1, block{1..3}.layer.{i}.bn1/conv1/bn2/conv2[/convShortcut],
// bn1, fc): pre-activation basic blocks, then BN-ReLU, 8×8 average pool, linear.

extension WideResNetConfig {
    func validate() throws {
        guard depth >= 10, (depth - 4) % 6 == 0 else {
            throw NetError.invalidParameter(name: "depth", message: "depth − 4 must be a positive multiple of 6, got \(depth)")
        }
        guard widenFactor >= 1 else {
            throw NetError.invalidParameter(name: "widenFactor", message: "must be ≥ 1, got \(widenFactor)")
        }
        guard baseWidth >= 1 else {
            throw NetError.invalidParameter(name: "baseWidth", message: "must be ≥ 1, got \(baseWidth)")
        }
    }

    func build(_ r: ParameterReader, channels: Int, classes: Int) -> [any Layer] {
        let n = (depth - 4) / 6
        let widths = [baseWidth, baseWidth * widenFactor, 2 * baseWidth * widenFactor, 4 * baseWidth * widenFactor]
        var layers: [any Layer] = [r.conv("model.conv1", in: channels, out: widths[0], kernel: 3, padding: 1)]
        for group in 0..<3 {
            let cout = widths[group + 1]
            for i in 0..<n {
                let p = "model.block\(group + 1).layer.\(i)"
                let cin = i == 0 ? widths[group] : cout
                let stride = (i == 0 && group > 0) ? 2 : 1
                let pre = r.affine(p + ".bn1", channels: cin, relu: true)
                let body = Sequential(layers: [
                    // bn2 follows conv1 directly, so it folds into it.
                    r.conv(p + ".conv1", in: cin, out: cout, kernel: 3, stride: stride, padding: 1,
                           batchNorm: p + ".bn2", relu: true),
                    r.conv(p + ".conv2", in: cout, out: cout, kernel: 3, padding: 1),
                ])
                let shortcut = cin == cout
                    ? nil : r.conv(p + ".convShortcut", in: cin, out: cout, kernel: 1, stride: stride)
                layers.append(PreActivationBlock(preActivation: pre, body: body, convShortcut: shortcut))
            }
        }
        layers.append(r.affine("model.bn1", channels: widths[3], relu: true))
        layers.append(AvgPool2d(kernel: 8))
        layers.append(Flatten())
        layers.append(r.linear("model.fc", in: widths[3], out: classes))
        return layers
    }
}
