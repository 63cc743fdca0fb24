/// Finds the state dict inside an unpickled checkpoint object.
enum StateDictLocator {
    /// Keys under which training scripts commonly nest the state dict, in the order tried.
    static let nestedKeys = ["state_dict", "model", "model_state_dict", "net"]

    /// The (name, tensor reference) pairs of the state dict, in file order.
    ///
    /// The top-level object must be a dict. If all its values are tensors it is the state
    /// dict; otherwise the first of `nestedKeys` whose value is a dict of tensors is used.
    static func locate(_ root: PickleValue, context: String) throws -> [(String, TensorReference)] {
        guard case .dict(let top) = root else {
            throw CheckpointError.noStateDict("\(context): the top-level object is a \(root.kindName), not a dict")
        }
        if let entries = tensorEntries(top) { return entries }
        for key in nestedKeys {
            if case .dict(let nested)? = top.value(forString: key), let entries = tensorEntries(nested) {
                return entries
            }
        }
        let described = top.keys.prefix(12).map { key -> String in
            let name = key.asString.map { "\"\($0)\"" } ?? key.kindName
            return name
        }.joined(separator: ", ")
        throw CheckpointError.noStateDict(
            "\(context): the top-level dict (keys \(described)\(top.count > 12 ? ", …" : "")) is not a "
            + "str → tensor dict and none of \(nestedKeys) holds one")
    }

    /// The entries when every key is a string and every value a tensor; else nil.
    private static func tensorEntries(_ dict: PickleDict) -> [(String, TensorReference)]? {
        var out: [(String, TensorReference)] = []
        out.reserveCapacity(dict.count)
        for (key, value) in zip(dict.keys, dict.values) {
            guard let name = key.asString, case .tensor(let t) = value else { return nil }
            out.append((name, t))
        }
        return out
    }
}
