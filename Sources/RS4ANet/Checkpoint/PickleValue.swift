/// The object graph an unpickled torch checkpoint can contain. Nothing here
/// runs code: globals are resolved to a fixed whitelist (`PickleGlobal`), and
/// calling one only builds one of these values.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer wider than 64 bits: its two's-complement little-endian bytes from LONG1/LONG4
    /// (the legacy magic number); empty for a protocol-0 text literal.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple(PickleSequence)
    case list(PickleSequence)
    case set(PickleSequence)
    case dict(PickleDict)
    case global(PickleGlobal)
    /// An instance of a whitelisted inert class (numpy scalar, torch.device, …), kept opaque.
    case object(PickleObject)
    case storage(StorageReference)
    case tensor(TensorReference)

    /// A short type name for error messages.
    var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple: return "tuple"
        case .list: return "list"
        case .set: return "set"
        case .dict: return "dict"
        case .global(let g): return "global \(g.qualifiedName)"
        case .object(let o): return "\(o.typeName) object"
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }

    var asString: String? { if case .string(let s) = self { return s } else { return nil } }
    var asInt: Int64? {
        switch self {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// Items of a tuple or list.
    var sequenceItems: [PickleValue]? {
        switch self {
        case .tuple(let s), .list(let s): return s.items
        default: return nil
        }
    }
}

/// Hashable image of the dict keys torch files use (str and int keys; others are not indexed).
enum PickleKey: Hashable {
    case string(String)
    case int(Int64)

    init?(_ value: PickleValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let v): self = .int(v)
        case .bool(let b): self = .int(b ? 1 : 0)
        default: return nil
        }
    }
}

/// A tuple, list or set. A class because pickles share containers through the memo
/// and mutate them afterwards (APPENDS, SETITEMS).
final class PickleSequence {
    var items: [PickleValue]
    init(_ items: [PickleValue]) { self.items = items }
}

/// A dict (or OrderedDict) in insertion order.
final class PickleDict {
    private(set) var keys: [PickleValue] = []
    private(set) var values: [PickleValue] = []
    private var index: [PickleKey: Int] = [:]

    var count: Int { keys.count }

    func set(_ key: PickleValue, _ value: PickleValue) {
        if let k = PickleKey(key) {
            if let i = index[k] { values[i] = value; return }
            index[k] = keys.count
        }
        keys.append(key)
        values.append(value)
    }

    func value(forString key: String) -> PickleValue? {
        index[.string(key)].map { values[$0] }
    }

    func removeAll() {
        keys = []
        values = []
        index = [:]
    }
}

/// An opaque instance of an inert whitelisted class.
final class PickleObject {
    let typeName: String
    var arguments: PickleValue
    var state: PickleValue = .none
    init(typeName: String, arguments: PickleValue) {
        self.typeName = typeName
        self.arguments = arguments
    }
}

/// A reference to (part of) a storage record, from a persistent id.
struct StorageReference {
    /// The record key (`data/<key>` in a zip; the root key in a legacy file).
    let key: String
    let dtype: CheckpointDType
    /// Element count of the whole record.
    let recordElements: Int
    /// Legacy storage views: where this storage starts in the record, and its length.
    let viewOffset: Int
    let viewElements: Int
}

/// A tensor rebuilt by `torch._utils._rebuild_tensor(_v2)`: a view onto a storage.
struct TensorReference {
    let storage: StorageReference
    let storageOffset: Int
    let shape: [Int]
    let strides: [Int]
}

/// Owns every container an unpickling run creates, so they can be torn down
/// iteratively afterwards: a hostile pickle can nest containers a million deep or
/// make them cyclic, which recursive deinitialisation would overflow or leak.
final class PickleArena {
    private var sequences: [PickleSequence] = []
    private var dicts: [PickleDict] = []
    private var objects: [PickleObject] = []

    func sequence(_ items: [PickleValue]) -> PickleSequence {
        let s = PickleSequence(items)
        sequences.append(s)
        return s
    }

    func dict() -> PickleDict {
        let d = PickleDict()
        dicts.append(d)
        return d
    }

    func object(typeName: String, arguments: PickleValue) -> PickleObject {
        let o = PickleObject(typeName: typeName, arguments: arguments)
        objects.append(o)
        return o
    }

    /// Empties every container, breaking nesting and cycles; then frees them.
    func tearDown() {
        for s in sequences { s.items = [] }
        for d in dicts { d.removeAll() }
        for o in objects { o.arguments = .none; o.state = .none }
        sequences = []
        dicts = []
        objects = []
    }

    deinit { tearDown() }
}
