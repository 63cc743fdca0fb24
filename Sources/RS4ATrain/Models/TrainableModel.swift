import Foundation
import RS4ANet
import RS4ANumerics

/// A reference base classifier (normalisation → network) that can be trained, with the
/// reference's state-dict keys (`norm.mu`, `model.conv1.weight`, or with `module.` for the
/// DataParallel-wrapped ResNet / WideResNet).
public final class TrainableModel {
    /// The network structure.
    public let architecture: Architecture
    /// Input shape, classes and normalisation defaults.
    public let dataset: DatasetInfo
    /// The fixed input normalisation (not trained).
    public let normalize: NormalizeLayer
    /// The network after the normalisation.
    public let network: SequentialLayer

    /// A freshly initialised model (the reference's initialisation laws, our random stream).
    /// - Throws: `TrainError.invalidParameter` for sizes the architecture cannot take.
    public init(architecture: Architecture, dataset: DatasetInfo, seed: UInt64 = 0) throws {
        self.architecture = architecture
        self.dataset = dataset
        let dp = architecture.usesDataParallel
        let c = dataset.inputShape[0]
        normalize = NormalizeLayer(prefix: dp ? "norm.module" : "norm", mean: dataset.mean, std: dataset.std, shape: [c, 1, 1])
        let prefix = dp ? "model.module." : "model."
        let dim = dataset.inputShape.reduce(1, *), classes = dataset.classes
        let layers: [any TrainLayer]
        switch architecture {
        case .leNet:
            layers = try ArchitectureBuilders.leNet(NetBuilder(scheme: .torchDefault, prefix: prefix, seed: seed),
                                                    input: dataset.inputShape, classes: classes)
        case .mlp(let config):
            guard config.hidden.count == 2, config.hidden.allSatisfy({ $0 >= 1 }) else {
                throw TrainError.invalidParameter(name: "MLPConfig.hidden", message: "need two positive widths, got \(config.hidden)")
            }
            layers = ArchitectureBuilders.mlp(NetBuilder(scheme: .torchDefault, prefix: prefix, seed: seed), config,
                                              dim: dim, classes: classes)
        case .linear:
            layers = ArchitectureBuilders.linear(NetBuilder(scheme: .torchDefault, prefix: prefix, seed: seed),
                                                 dim: dim, classes: classes)
        case .alexNet(let config):
            guard config.channels.count == 5, config.channels.allSatisfy({ $0 >= 1 }), config.hidden >= 1 else {
                throw TrainError.invalidParameter(name: "AlexNetConfig", message: "need 5 positive widths and hidden ≥ 1")
            }
            layers = try ArchitectureBuilders.alexNet(NetBuilder(scheme: .torchDefault, prefix: prefix, seed: seed), config,
                                                      input: dataset.inputShape, classes: classes)
        case .cifarResNet(let config):
            guard config.blocksPerStage >= 1 else {
                throw TrainError.invalidParameter(name: "blocksPerStage", message: "must be ≥ 1, got \(config.blocksPerStage)")
            }
            layers = ArchitectureBuilders.cifarResNet(NetBuilder(scheme: .cifarResNet, prefix: prefix, seed: seed), config,
                                                      channels: c, classes: classes)
        case .wideResNet(let config):
            layers = try ArchitectureBuilders.wideResNet(NetBuilder(scheme: .wideResNet, prefix: prefix, seed: seed), config,
                                                         input: dataset.inputShape, classes: classes)
        case .imageNetResNet(let config):
            layers = try ArchitectureBuilders.imageNetResNet(NetBuilder(scheme: .torchvision, prefix: prefix, seed: seed),
                                                             config, channels: c, classes: classes)
        }
        network = SequentialLayer(layers)
    }

    /// A model by the reference's names ("WideResNet", "cifar"), as `ModelRegistry` resolves them.
    public convenience init(name: String, dataset: String, seed: UInt64 = 0) throws {
        let (arch, data) = try ModelRegistry.resolve(architecture: name, dataset: dataset)
        try self.init(architecture: arch, dataset: data, seed: seed)
    }

    /// Logits N×classes for raw inputs N×C×H×W (pixels in [0, 1]).
    public func forward(_ x: Blob, mode: LayerMode) -> Blob {
        network.forward(normalize.forward(x, mode: .eval), mode: mode)
    }

    /// Back-propagates dL/dlogits of the latest unconsumed training forward into the parameter
    /// gradients (the input gradient is not formed).
    public func backward(_ dLogits: Blob) {
        _ = network.backward(dLogits, needInputGradient: false)
    }

    /// Reseeds every dropout layer: layer k draws its masks from `stream.substream(k)`.
    public func reseedDropout(_ stream: RandomStream) {
        var k: UInt64 = 0
        func visit(_ layer: any TrainLayer) {
            if let d = layer as? DropoutLayer { d.reseed(stream.substream(k)); k += 1 }
            if let s = layer as? SequentialLayer { s.layers.forEach(visit) }
            if let r = layer as? ResidualLayer { visit(r.body); if let sc = r.shortcut { visit(sc) } }
        }
        visit(network)
    }

    /// The learnable parameters (what the optimizer updates), in state-dict order.
    public var parameters: [Parameter] { network.parameters }

    /// Sets every gradient to zero.
    public func zeroGradients() {
        for p in parameters { p.grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    }

    /// All state-dict entries, normalisation first (PyTorch's order).
    public var stateEntries: [StateEntry] { normalize.stateEntries + network.stateEntries }

    /// The model's state dict with the reference keys (float32 tensors, int64 `num_batches_tracked`).
    public func stateDict() throws -> StateDict {
        try StateDict(stateEntries.map { entry -> (String, CheckpointTensor) in
            switch entry {
            case .parameter(let p): return (p.name, try CheckpointTensor(shape: p.shape, floats: p.value))
            case .buffer(let b) where b.isCounter: return (b.name, try CheckpointTensor(shape: [], int64s: [b.counter]))
            case .buffer(let b): return (b.name, try CheckpointTensor(shape: b.shape, floats: b.floats))
            }
        })
    }

    /// Loads a state dict strictly (every key present, no extra keys, equal element counts);
    /// `module.` segments are optional on either side. `num_batches_tracked` may be absent.
    /// - Throws: `TrainError.stateDictMismatch` listing every problem.
    public func load(_ stateDict: StateDict) throws {
        var byKey: [String: CheckpointTensor] = [:]
        for (k, t) in stateDict.entries { byKey[Self.canonical(k)] = t }
        var problems: [String] = []
        var used = Set<String>()
        for entry in stateEntries {
            let key = Self.canonical(entry.name)
            guard let t = byKey[key] else {
                if !entry.name.hasSuffix("num_batches_tracked") { problems.append("missing \(entry.name)") }
                continue
            }
            used.insert(key)
            switch entry {
            case .parameter(let p):
                guard t.count == p.count else { problems.append("\(p.name): shape \(t.shape), want \(p.shape)"); continue }
                p.value = try t.floatValues()
            case .buffer(let b) where b.isCounter:
                b.counter = (try? t.int64Values().first) ?? Int64((try? t.floatValues().first) ?? 0)
            case .buffer(let b):
                guard t.count == b.floats.count else { problems.append("\(b.name): shape \(t.shape), want \(b.shape)"); continue }
                b.floats = try t.floatValues()
            }
        }
        for k in byKey.keys.sorted() where !used.contains(k) { problems.append("unexpected \(k)") }
        guard problems.isEmpty else { throw TrainError.stateDictMismatch(problems.joined(separator: "; ")) }
    }

    /// Writes the model as a PyTorch zip checkpoint (`torch.load` + `load_state_dict` of the
    /// reference class, and RS4ANet's `CheckpointLoader`, read it), durably (`DurableFile`).
    public func save(to url: URL) throws {
        try DurableFile.write(CheckpointWriter.torchZipData(stateDict()), to: url)
    }

    private static func canonical(_ key: String) -> String {
        key.replacingOccurrences(of: ".module.", with: ".").replacingOccurrences(of: "module.", with: "",
                                                                                 options: .anchored)
    }
}
