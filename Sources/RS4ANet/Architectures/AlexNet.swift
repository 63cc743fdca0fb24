// The reference's CIFAR AlexNet (keys features.{0,3,6,8,10}, classifier.{1,4,6}): 3×3 convs
// (the first with stride 2), three 2×2 max-pools, dropout (identity at inference), 3 linear layers.

extension AlexNetConfig {
    func validate() throws {
        guard channels.count == 5, channels.allSatisfy({ $0 >= 1 }) else {
            throw NetError.invalidParameter(name: "channels", message: "need 5 positive widths, got \(channels)")
        }
        guard hidden >= 1 else { throw NetError.invalidParameter(name: "hidden", message: "must be ≥ 1, got \(hidden)") }
    }

    func build(_ r: ParameterReader, channels cin: Int, classes: Int) -> [any Layer] {
        let c = channels
        return [
            r.conv("model.features.0", in: cin, out: c[0], kernel: 3, stride: 2, padding: 1, bias: true, relu: true),
            MaxPool2d(kernel: 2, stride: 2, padding: 0),
            r.conv("model.features.3", in: c[0], out: c[1], kernel: 3, padding: 1, bias: true, relu: true),
            MaxPool2d(kernel: 2, stride: 2, padding: 0),
            r.conv("model.features.6", in: c[1], out: c[2], kernel: 3, padding: 1, bias: true, relu: true),
            r.conv("model.features.8", in: c[2], out: c[3], kernel: 3, padding: 1, bias: true, relu: true),
            r.conv("model.features.10", in: c[3], out: c[4], kernel: 3, padding: 1, bias: true, relu: true),
            MaxPool2d(kernel: 2, stride: 2, padding: 0),
            // The reference views the features as 256·2·2, i.e. it needs a 2×2 map (32×32 inputs).
            Flatten(),
            Dropout(),
            r.linear("model.classifier.1", in: c[4] * 4, out: hidden, relu: true),
            Dropout(),
            r.linear("model.classifier.4", in: hidden, out: hidden, relu: true),
            r.linear("model.classifier.6", in: hidden, out: classes),
        ]
    }
}
