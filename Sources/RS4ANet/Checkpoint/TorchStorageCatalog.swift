import Foundation

/// Collects the storages a torch pickle refers to through persistent ids, and turns
/// tensor references into `CheckpointTensor`s once the storage bytes are at hand.
final class TorchStorageCatalog {
    enum Layout {
        /// `('storage', storage_type, key, location, numel)` — zip format.
        case zip
        /// `('storage', storage_type, root_key, location, numel, view_metadata)` — legacy format.
        case legacy
    }

    private let layout: Layout
    private let context: String
    /// Each record's dtype and element count, as announced by the pickle.
    private(set) var records: [String: (dtype: CheckpointDType, elements: Int)] = [:]

    init(layout: Layout, context: String) {
        self.layout = layout
        self.context = context
    }

    /// The persistent-load hook for `PickleMachine`.
    func persistentLoad(_ pid: PickleValue) throws -> PickleValue {
        guard let items = pid.sequenceItems, let tag = items.first?.asString else {
            throw CheckpointError.malformedPickle("\(context): persistent id is a \(pid.kindName), not a tagged tuple")
        }
        guard tag == "storage" else {
            throw CheckpointError.unsupported(
                "\(context): persistent id of kind \"\(tag)\" (only tensor storages are supported; "
                + "whole-module checkpoints saved with torch.save(model) are not)")
        }
        let expected = layout == .zip ? 5 : 6
        guard items.count == expected else {
            throw CheckpointError.malformedPickle("\(context): storage persistent id has \(items.count) fields, expected \(expected)")
        }
        guard case .global(.storageType(let dtype)) = items[1] else {
            throw CheckpointError.unsupported("\(context): storage type \(items[1].kindName)")
        }
        let key: String
        switch items[2] {
        case .string(let s): key = s
        case .int(let v): key = String(v)
        default: throw CheckpointError.malformedPickle("\(context): storage key is a \(items[2].kindName)")
        }
        guard let n = items[4].asInt, n >= 0, n <= Int64(Int.max / 8) else {
            throw CheckpointError.inconsistent("\(context): storage \(key) has an invalid element count")
        }
        let elements = Int(n)
        if let known = records[key] {
            guard known.dtype == dtype, known.elements == elements else {
                throw CheckpointError.inconsistent(
                    "\(context): storage \(key) is referenced as \(known.elements) × \(known.dtype.rawValue) "
                    + "and as \(elements) × \(dtype.rawValue)")
            }
        } else {
            records[key] = (dtype, elements)
        }
        var viewOffset = 0
        var viewElements = elements
        if layout == .legacy, case let view = items[5], !isNone(view) {
            // Pre-1.0 storage views: (view_key, offset, view_size) into the root storage.
            guard let v = view.sequenceItems, v.count == 3, let o = v[1].asInt, let s = v[2].asInt,
                  o >= 0, s >= 0, o <= Int64(elements), s <= Int64(elements) - o else {
                throw CheckpointError.inconsistent("\(context): storage view of \(key) is out of range or malformed")
            }
            viewOffset = Int(o)
            viewElements = Int(s)
        }
        return .storage(StorageReference(key: key, dtype: dtype, recordElements: elements,
                                         viewOffset: viewOffset, viewElements: viewElements))
    }

    private func isNone(_ v: PickleValue) -> Bool {
        if case .none = v { return true } else { return false }
    }

    /// Builds the tensor from its record's bytes (which must hold exactly the announced elements).
    func tensor(_ ref: TensorReference, record: Data, name: String) throws -> CheckpointTensor {
        let s = ref.storage
        let size = s.dtype.elementSize
        guard record.count == s.recordElements * size else {
            throw CheckpointError.inconsistent(
                "\(context): storage \(s.key) of tensor \"\(name)\" holds \(record.count) bytes, "
                + "expected \(s.recordElements) × \(size)")
        }
        let start = record.startIndex + s.viewOffset * size
        let view = record[start ..< start + s.viewElements * size]
        return try CheckpointTensor(shape: ref.shape, strides: ref.strides, storageOffset: ref.storageOffset,
                                    storage: view, dtype: s.dtype, context: "\(context): tensor \"\(name)\"")
    }
}
