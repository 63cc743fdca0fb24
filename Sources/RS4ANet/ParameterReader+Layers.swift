import Foundation

// Layer constructors that read their parameters by key (PyTorch shapes) and fold BatchNorm.

extension ParameterReader {
    /// Conv2d at `key` (weight [out, in/groups, k, k], optional bias), optionally followed by the
    /// BatchNorm2d at `batchNorm` (folded in) and a ReLU (fused).
    func conv(
        _ key: String, in cin: Int, out cout: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        groups: Int = 1, bias: Bool = false, batchNorm: String? = nil, relu: Bool = false
    ) -> Conv2d {
        let fanIn = cin / groups * kernel * kernel
        var w = take(key + ".weight", shape: [cout, cin / groups, kernel, kernel], random: .he(fanIn: fanIn))
        var b = bias ? take(key + ".bias", shape: [cout], random: .constant(0)) : nil
        if let batchNorm {
            let folded = self.batchNorm(batchNorm, channels: cout).fold(weight: w, bias: b, outChannels: cout)
            w = folded.weight
            b = folded.bias
        }
        return Conv2d(
            inChannels: cin, outChannels: cout, groups: groups,
            geometry: ConvGeometry(kernelH: kernel, kernelW: kernel, stride: stride, padding: padding),
            weight: w, bias: b, relu: relu)
    }

    /// Linear at `key` (weight [out, in], bias [out]), optional fused ReLU.
    func linear(_ key: String, in fin: Int, out fout: Int, relu: Bool = false) -> Linear {
        Linear(
            inFeatures: fin, outFeatures: fout,
            weight: take(key + ".weight", shape: [fout, fin], random: .he(fanIn: fin)),
            bias: take(key + ".bias", shape: [fout], random: .constant(0)),
            relu: relu)
    }

    /// An unfolded eval BatchNorm2d at `key` with optional fused ReLU.
    func affine(_ key: String, channels: Int, relu: Bool) -> ChannelAffine {
        ChannelAffine(batchNorm(key, channels: channels), relu: relu)
    }

    /// The normalisation layer (`norm.mu`, `norm.log_sig`, shaped (C, 1, 1) as the reference writes them).
    /// Flat (C,) vectors are accepted too, as MODELS.md allows: they hold the same per-channel values in
    /// the same order, so nothing is guessed (PyTorch's strict load into the reference class would
    /// reject them; any other shape is reported as a mismatch here too).
    func normalization(_ dataset: DatasetInfo) -> Normalization {
        let c = dataset.inputShape[0]
        let mu = take("norm.mu", shape: [c, 1, 1], random: .values(dataset.mean), alternativeShapes: [[c]])
        let logSig = take(
            "norm.log_sig", shape: [c, 1, 1], random: .values(dataset.std.map { Foundation.log($0) }),
            alternativeShapes: [[c]])
        return Normalization(mu: mu, logSigma: logSig)
    }
}
