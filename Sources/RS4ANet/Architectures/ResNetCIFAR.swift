// Classic CIFAR ResNet (He et al. 2016, 6n+2 layers; keys conv1, bn1, layer{1..3}.{i}.conv{1,2}/bn{1,2},
// linear). Shape changes use the parameter-free "option A" shortcut.

extension CIFARResNetConfig {
    func validate() throws {
        guard blocksPerStage >= 1 else {
            throw NetError.invalidParameter(name: "blocksPerStage", message: "must be ≥ 1, got \(blocksPerStage)")
        }
    }

    func build(_ r: ParameterReader, channels: Int, classes: Int, finalWidth: Int) -> [any Layer] {
        var layers: [any Layer] = [
            r.conv("model.conv1", in: channels, out: 16, kernel: 3, padding: 1, batchNorm: "model.bn1", relu: true)
        ]
        var inplanes = 16
        for (stage, planes) in [16, 32, 64].enumerated() {
            for i in 0..<blocksPerStage {
                let p = "model.layer\(stage + 1).\(i)"
                let stride = (stage > 0 && i == 0) ? 2 : 1
                let body = Sequential(layers: [
                    r.conv(p + ".conv1", in: inplanes, out: planes, kernel: 3, stride: stride, padding: 1,
                           batchNorm: p + ".bn1", relu: true),
                    r.conv(p + ".conv2", in: planes, out: planes, kernel: 3, padding: 1, batchNorm: p + ".bn2"),
                ])
                let shortcut: Shortcut = (stride != 1 || inplanes != planes) ? .zeroPadSubsample(pad: planes / 4) : .identity
                layers.append(ResidualBlock(body: body, shortcut: shortcut, reluAfterAdd: true))
                inplanes = planes
            }
        }
        // The reference pools with a kernel equal to the final feature-map width.
        layers.append(AvgPool2d(kernel: finalWidth))
        layers.append(Flatten())
        layers.append(r.linear("model.linear", in: 64, out: classes))
        return layers
    }

    /// Width of the last stage's feature map for an input of `width` (two stride-2 stages).
    static func finalWidth(input width: Int) -> Int { ((width + 1) / 2 + 1) / 2 }
}
