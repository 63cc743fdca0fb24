import Foundation

/// Reader for `torch.save(..., _use_new_zipfile_serialization=False)` files (the only
/// format before torch 1.6): consecutive pickles — magic number, protocol version,
/// sys_info, the object, the list of storage keys — then each storage as an 8-byte
/// little-endian element count followed by its raw bytes.
enum TorchLegacyFormat {
    /// 0x1950a86a20f9469cfc6c as little-endian bytes.
    static let magicBytes: [UInt8] = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]
    static let protocolVersion: Int64 = 1001
    private static let context = "legacy torch file"

    /// Cheap sniff: a pickle whose first value is the legacy magic number.
    static func looksLegacy(_ data: Data) -> Bool {
        // PROTO 2 LONG1 10 <magic>, possibly preceded by a protocol-4 FRAME.
        let prefix = [UInt8](data.prefix(32))
        guard prefix.first == 0x80 else { return false }
        for start in 0 ..< Swift.max(prefix.count - 11, 0) where prefix[start] == 0x8a && prefix[start + 1] == 10 {
            if Array(prefix[(start + 2) ..< (start + 12)]) == magicBytes { return true }
        }
        return false
    }

    static func load(_ data: Data) throws -> StateDict {
        let arena = PickleArena()
        defer { arena.tearDown() }
        let catalog = TorchStorageCatalog(layout: .legacy, context: context)
        let noPersistent: PickleMachine.PersistentLoad = { _ in
            throw CheckpointError.malformedPickle("\(context): persistent id outside the main object pickle")
        }

        let (references, storageStart, keys): ([(String, TensorReference)], Int, [String]) =
            try data.withUnsafeBytes { raw in
                var pos = 0
                func next(_ what: String, _ load: @escaping PickleMachine.PersistentLoad) throws -> PickleValue {
                    let (value, end) = try PickleMachine.unpickle(raw, from: pos, context: "\(context) (\(what))",
                                                                  arena: arena, persistentLoad: load)
                    pos = end
                    return value
                }
                guard case .bigInt(let magic) = try next("magic number", noPersistent), magic == magicBytes else {
                    throw CheckpointError.malformedPickle("\(context): wrong magic number")
                }
                guard case .int(let version) = try next("protocol version", noPersistent) else {
                    throw CheckpointError.malformedPickle("\(context): protocol version is not an int")
                }
                guard version == protocolVersion else {
                    throw CheckpointError.unsupported("\(context): serialization protocol \(version) (expected \(protocolVersion))")
                }
                guard case .dict(let sysInfo) = try next("sys_info", noPersistent) else {
                    throw CheckpointError.malformedPickle("\(context): sys_info is not a dict")
                }
                if case .bool(false)? = sysInfo.value(forString: "little_endian") {
                    throw CheckpointError.unsupported("\(context): written on a big-endian machine")
                }
                let root = try next("object", catalog.persistentLoad)
                let references = try StateDictLocator.locate(root, context: context)
                guard let keyItems = try next("storage keys", noPersistent).sequenceItems else {
                    throw CheckpointError.malformedPickle("\(context): the storage key list is not a list")
                }
                let keys = try keyItems.map { item -> String in
                    guard let s = item.asString else {
                        throw CheckpointError.malformedPickle("\(context): storage key is a \(item.kindName)")
                    }
                    return s
                }
                return (references, pos, keys)
            }

        // Index the storage records that follow the pickles (no copy: Data slices).
        var records: [String: Data] = [:]
        var pos = storageStart
        for key in keys {
            guard let info = catalog.records[key] else {
                throw CheckpointError.inconsistent("\(context): storage \(key) is listed but no tensor refers to it")
            }
            guard data.count - pos >= 8 else {
                throw CheckpointError.truncated("\(context): storage \(key) header at offset \(pos)")
            }
            let count = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: pos, as: UInt64.self)) }
            pos += 8
            guard count == UInt64(info.elements) else {
                throw CheckpointError.inconsistent(
                    "\(context): storage \(key) record holds \(count) elements, the pickle announced \(info.elements)")
            }
            let bytes = info.elements * info.dtype.elementSize
            guard data.count - pos >= bytes else {
                throw CheckpointError.truncated(
                    "\(context): storage \(key) needs \(bytes) bytes at offset \(pos), only \(data.count - pos) remain")
            }
            let start = data.startIndex + pos
            records[key] = data[start ..< start + bytes]
            pos += bytes
        }

        var entries: [(String, CheckpointTensor)] = []
        entries.reserveCapacity(references.count)
        for (name, ref) in references {
            guard let record = records[ref.storage.key] else {
                throw CheckpointError.missingStorage("\(context): storage \(ref.storage.key) of tensor \"\(name)\" is not in the file")
            }
            entries.append((name, try catalog.tensor(ref, record: record, name: name)))
        }
        return try StateDict(entries)
    }
}
