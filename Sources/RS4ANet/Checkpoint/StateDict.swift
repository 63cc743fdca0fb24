/// A PyTorch `state_dict`: tensor names in file order and their tensors.
/// Keys are raw (a DataParallel `module.` prefix is kept).
public struct StateDict: Sendable {
    /// Keys in file order.
    public let keys: [String]
    private let tensors: [String: CheckpointTensor]

    /// Builds a state dict from ordered entries.
    /// - Throws: `CheckpointError.invalidArgument` on a duplicate key.
    public init(_ entries: [(String, CheckpointTensor)]) throws {
        var keys: [String] = []
        var tensors: [String: CheckpointTensor] = [:]
        keys.reserveCapacity(entries.count)
        for (key, tensor) in entries {
            guard tensors.updateValue(tensor, forKey: key) == nil else {
                throw CheckpointError.invalidArgument("duplicate state dict key \"\(key)\"")
            }
            keys.append(key)
        }
        self.keys = keys
        self.tensors = tensors
    }

    /// The tensor stored under `key`, or nil.
    public subscript(key: String) -> CheckpointTensor? { tensors[key] }

    /// Number of tensors.
    public var count: Int { keys.count }

    /// The entries in file order.
    public var entries: [(String, CheckpointTensor)] {
        keys.compactMap { key in tensors[key].map { (key, $0) } }
    }
}
