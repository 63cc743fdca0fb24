/// The only globals a checkpoint pickle may name. Resolving a name never imports
/// or runs anything; names outside this list are rejected with `unsupported`.
enum PickleGlobal: Equatable {
    case orderedDict
    case dict
    case set
    case frozenset
    case rebuildTensor
    case rebuildTensorV2
    case rebuildParameter
    case rebuildParameterWithState
    case storageType(CheckpointDType)
    /// `_codecs.encode(str, "latin1")`: how protocol 2 spells Python 3 bytes.
    case codecsEncode
    /// A class whose instances are plain data torch checkpoints may carry next to the
    /// state dict (numpy scalars, `torch.device`, `argparse.Namespace`); kept opaque.
    case inert(String)

    var qualifiedName: String {
        switch self {
        case .orderedDict: return "collections.OrderedDict"
        case .dict: return "builtins.dict"
        case .set: return "builtins.set"
        case .frozenset: return "builtins.frozenset"
        case .rebuildTensor: return "torch._utils._rebuild_tensor"
        case .rebuildTensorV2: return "torch._utils._rebuild_tensor_v2"
        case .rebuildParameter: return "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: return "torch._utils._rebuild_parameter_with_state"
        case .storageType(let d): return "torch.\(d.torchStorageName)"
        case .codecsEncode: return "_codecs.encode"
        case .inert(let name): return name
        }
    }

    private static let inertNames: Set<String> = [
        "torch.device", "torch.Size",
        "numpy.dtype", "numpy.ndarray",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "argparse.Namespace",
    ]

    private static let torchDTypeNames: Set<String> = [
        "float32", "float", "float16", "half", "bfloat16", "float64", "double",
        "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool",
    ]

    /// Resolves `module.name` against the whitelist.
    /// - Throws: `CheckpointError.unsupported` naming the global otherwise.
    static func resolve(module: String, name: String) throws -> PickleGlobal {
        let builtin = module == "builtins" || module == "__builtin__"
        switch (module, name) {
        case ("collections", "OrderedDict"): return .orderedDict
        case (_, "dict") where builtin: return .dict
        case (_, "set") where builtin: return .set
        case (_, "frozenset") where builtin: return .frozenset
        case ("torch._utils", "_rebuild_tensor"): return .rebuildTensor
        case ("torch._utils", "_rebuild_tensor_v2"): return .rebuildTensorV2
        case ("torch._utils", "_rebuild_parameter"): return .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): return .rebuildParameterWithState
        case ("_codecs", "encode"): return .codecsEncode
        default: break
        }
        if module == "torch" {
            if let dtype = CheckpointDType.fromTorchStorageName(name) { return .storageType(dtype) }
            if torchDTypeNames.contains(name) { return .inert("torch.\(name)") }
        }
        let qualified = "\(module).\(name)"
        if inertNames.contains(qualified) { return .inert(qualified) }
        throw CheckpointError.unsupported(
            "the pickle references the global \(qualified), which is not among the torch checkpoint "
            + "globals this reader allows (it never imports or runs code named by a file)")
    }
}
