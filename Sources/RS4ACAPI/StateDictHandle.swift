import Foundation
import RS4A

// The object behind an rs4a_state_dict: named tensors in insertion order, plus one C copy of
// each key that lives as long as the handle (rs4a_state_dict_key hands those out).

final class StateDictHandle {
    private let lock = NSLock()
    private var keys: [String] = []
    private var tensors: [String: CheckpointTensor] = [:]
    private var cKeys: [UnsafeMutablePointer<CChar>] = []

    init(_ stateDict: StateDict? = nil) {
        for (key, tensor) in stateDict?.entries ?? [] { put(key, tensor) }
    }

    deinit {
        for p in cKeys { Foundation.free(p) }
    }

    var count: Int { locked { keys.count } }

    /// Key and tensor at `index`, or RS4A_ERR_INVALID_ARGUMENT.
    func entry(_ index: Int64) throws -> (key: UnsafePointer<CChar>, tensor: CheckpointTensor) {
        try locked {
            guard index >= 0, index < Int64(keys.count) else {
                throw CAPIError(.invalidArgument, "index must be in 0..<\(keys.count) (the tensor count), got \(index)")
            }
            let i = Int(index)
            guard let tensor = tensors[keys[i]] else { throw CAPIError(.internal, "state dict lost key \(keys[i])") }
            return (UnsafePointer(cKeys[i]), tensor)
        }
    }

    /// Adds or replaces a tensor (a replaced key keeps its index and its C string).
    func put(_ key: String, _ tensor: CheckpointTensor) {
        locked {
            if tensors.updateValue(tensor, forKey: key) == nil {
                keys.append(key)
                cKeys.append(strdup(key))
            }
        }
    }

    /// A snapshot as the network loader's StateDict.
    func snapshot() throws -> StateDict {
        try locked { try StateDict(keys.compactMap { key in tensors[key].map { (key, $0) } }) }
    }

    private func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
