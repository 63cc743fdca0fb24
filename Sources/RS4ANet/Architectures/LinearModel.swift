// The reference LinearModel (keys model.weight, model.bias): flatten → one linear layer.

enum LinearModelBuilder {
    static func build(_ r: ParameterReader, inputDimension d: Int, classes: Int) -> [any Layer] {
        [Flatten(), r.linear("model", in: d, out: classes)]
    }
}
