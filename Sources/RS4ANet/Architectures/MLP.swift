// The reference MLP (keys model.0, model.2, model.4): flatten → d → 2048 → 512 → classes, ReLUs between.

extension MLPConfig {
    func validate() throws {
        guard hidden.count == 2, hidden.allSatisfy({ $0 >= 1 }) else {
            throw NetError.invalidParameter(name: "hidden", message: "need 2 positive widths, got \(hidden)")
        }
    }

    func build(_ r: ParameterReader, inputDimension d: Int, classes: Int) -> [any Layer] {
        [
            Flatten(),
            r.linear("model.0", in: d, out: hidden[0], relu: true),
            r.linear("model.2", in: hidden[0], out: hidden[1], relu: true),
            r.linear("model.4", in: hidden[1], out: classes),
        ]
    }
}
