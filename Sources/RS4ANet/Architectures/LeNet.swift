// LeNet-5 (keys conv1, conv2, fc1, fc2, fc3): conv 5×5 pad 2 → ReLU → max-pool 2 →
// conv 5×5 → ReLU → max-pool 2 → flatten → 120 → 84 → classes.

enum LeNetBuilder {
    static func build(_ r: ParameterReader, input: [Int], classes: Int) -> [any Layer] {
        // 16·5·5 = 400 features for 28×28 inputs (the reference's fc1); 16·6·6 = 576 for 32×32, where
        // the reference's hard-coded 400 cannot run (see `Architecture.leNet`).
        let side = { (s: Int) in (s / 2 - 4) / 2 }
        let features = 16 * side(input[1]) * side(input[2])
        return [
            // Each conv block as one layer: bias and ReLU applied in the pooling pass (ConvMaxPool.swift).
            ConvMaxPool2x2(r.conv("model.conv1", in: input[0], out: 6, kernel: 5, padding: 2, bias: true, relu: true)),
            ConvMaxPool2x2(r.conv("model.conv2", in: 6, out: 16, kernel: 5, bias: true, relu: true)),
            Flatten(),
            r.linear("model.fc1", in: max(features, 1), out: 120, relu: true),
            r.linear("model.fc2", in: 120, out: 84, relu: true),
            r.linear("model.fc3", in: 84, out: classes),
        ]
    }
}
