// torchvision ResNet (keys conv1, bn1, layer{1..4}.{i}.conv{1,2,3}/bn{1,2,3},
// downsample.0/.1, fc): stem 7×7/2 conv + 3×3/2 max-pool, four stages, global average pool.

extension ImageNetResNetConfig {
    func validate() throws {
        guard layers.count == 4, layers.allSatisfy({ $0 >= 1 }) else {
            throw NetError.invalidParameter(name: "layers", message: "need 4 stages of ≥ 1 block, got \(layers)")
        }
        guard width >= 1 else { throw NetError.invalidParameter(name: "width", message: "must be ≥ 1, got \(width)") }
        guard groups >= 1, widthPerGroup >= 1, bottleneck || (groups == 1 && widthPerGroup == 64) else {
            throw NetError.invalidParameter(
                name: "groups", message: "groups ≥ 1 and widthPerGroup ≥ 1, and basic blocks need groups 1 and width 64 "
                    + "(as in torchvision), got \(groups), \(widthPerGroup)")
        }
        guard width * widthPerGroup / 64 >= 1 else {
            throw NetError.invalidParameter(
                name: "widthPerGroup", message: "width·widthPerGroup/64 must be ≥ 1, got \(width)·\(widthPerGroup)/64")
        }
    }

    func build(_ r: ParameterReader, channels: Int, classes: Int) -> [any Layer] {
        let expansion = bottleneck ? 4 : 1
        var layers: [any Layer] = [
            r.conv("model.conv1", in: channels, out: width, kernel: 7, stride: 2, padding: 3, batchNorm: "model.bn1", relu: true),
            MaxPool2d(kernel: 3, stride: 2, padding: 1),
        ]
        var inplanes = width
        for stage in 0..<4 {
            let planes = width << stage
            for i in 0..<self.layers[stage] {
                let p = "model.layer\(stage + 1).\(i)"
                let stride = (stage > 0 && i == 0) ? 2 : 1
                var body: [any Layer]
                if bottleneck {
                    let inner = planes * widthPerGroup / 64 * groups
                    body = [
                        r.conv(p + ".conv1", in: inplanes, out: inner, kernel: 1, batchNorm: p + ".bn1", relu: true),
                        r.conv(p + ".conv2", in: inner, out: inner, kernel: 3, stride: stride, padding: 1,
                               groups: groups, batchNorm: p + ".bn2", relu: true),
                        r.conv(p + ".conv3", in: inner, out: planes * 4, kernel: 1, batchNorm: p + ".bn3"),
                    ]
                } else {
                    body = [
                        r.conv(p + ".conv1", in: inplanes, out: planes, kernel: 3, stride: stride, padding: 1,
                               batchNorm: p + ".bn1", relu: true),
                        r.conv(p + ".conv2", in: planes, out: planes, kernel: 3, padding: 1, batchNorm: p + ".bn2"),
                    ]
                }
                let shortcut: Shortcut
                if stride != 1 || inplanes != planes * expansion {
                    shortcut = .projection(
                        r.conv(p + ".downsample.0", in: inplanes, out: planes * expansion, kernel: 1, stride: stride,
                               batchNorm: p + ".downsample.1"))
                } else {
                    shortcut = .identity
                }
                layers.append(ResidualBlock(body: Sequential(layers: body), shortcut: shortcut, reluAfterAdd: true))
                inplanes = planes * expansion
            }
        }
        layers.append(GlobalAvgPool())
        layers.append(r.linear("model.fc", in: inplanes, out: classes))
        return layers
    }
}
