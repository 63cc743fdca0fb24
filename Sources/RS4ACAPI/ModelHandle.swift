import Foundation
import RS4A

// The object behind an rs4a_model: a registry architecture, its weights once loaded (a Network
// built with one thread — calls split their batches over `threads` workers themselves), and the
// state dict those weights came from (so non-strict loads can keep weights a new dict omits).

final class ModelHandle {
    let architecture: Architecture
    let dataset: DatasetInfo
    private let lock = NSLock()
    private var network: Network?
    private var parameters: [String: CheckpointTensor] = [:]
    private var threadSetting = 0

    init(architecture: String, dataset: String) throws {
        (self.architecture, self.dataset) = try ModelRegistry.resolve(architecture: architecture, dataset: dataset)
    }

    /// The loaded network, or RS4A_ERR_STATE.
    func loadedNetwork() throws -> Network {
        lock.lock()
        defer { lock.unlock() }
        guard let network else {
            throw CAPIError(.state, "the model has no weights yet; load them with rs4a_model_load_state_dict")
        }
        return network
    }

    /// Worker threads for calls on this model (the setting, or the default when it is 0).
    var threads: Int {
        lock.lock()
        defer { lock.unlock() }
        return threadSetting > 0 ? threadSetting : Parallel.defaultThreadCount
    }

    func setThreads(_ value: Int32) throws {
        guard value >= 0 else { throw CAPIError(.invalidArgument, "threads must be ≥ 1, or 0 for the default; got \(value)") }
        lock.lock()
        threadSetting = Int(value)
        lock.unlock()
    }

    /// Builds the network from `state`. Strict: exactly the architecture's keys and shapes.
    /// Non-strict: keys the architecture does not use are ignored and keys `state` lacks keep the
    /// previously loaded values (an error when there are none); shape mismatches fail either way.
    /// On failure the previous weights stay.
    func load(_ state: StateDict, strict: Bool) throws {
        var merged: [String: CheckpointTensor] = [:]
        if !strict {
            lock.lock()
            merged = parameters
            lock.unlock()
        }
        for (key, tensor) in state.entries { merged[Self.canonical(key)] = tensor }
        var network: Network
        if strict {
            network = try Network(architecture: architecture, dataset: dataset, stateDict: state, threads: 1)
        } else {
            do {
                network = try build(merged)
            } catch NetError.stateDictMismatch(let missing, let unexpected, let shapes)
                        where missing.isEmpty && shapes.isEmpty && !unexpected.isEmpty {
                for key in unexpected { merged.removeValue(forKey: Self.canonical(key)) }
                network = try build(merged)
            }
        }
        lock.lock()
        self.network = network
        self.parameters = merged
        lock.unlock()
    }

    private func build(_ tensors: [String: CheckpointTensor]) throws -> Network {
        let state = try StateDict(tensors.keys.sorted().compactMap { key in tensors[key].map { (key, $0) } })
        return try Network(architecture: architecture, dataset: dataset, stateDict: state, threads: 1)
    }

    /// The key without nn.DataParallel's `module` segments (the loader accepts both spellings).
    static func canonical(_ key: String) -> String {
        key.split(separator: ".", omittingEmptySubsequences: false).filter { $0 != "module" }.joined(separator: ".")
    }
}
