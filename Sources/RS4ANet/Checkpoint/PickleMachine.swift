/// An unpickler for the subset of Python's pickle format that torch checkpoints use
/// (protocols 0–5 opcodes except out-of-band buffers and extension codes).
///
/// Safety: globals resolve only to `PickleGlobal`'s whitelist and "calling" them just
/// builds values; the value stack, mark stack and string sizes are bounded; every
/// read is bounds-checked. Malformed input ends in a `CheckpointError`.
struct PickleMachine {
    /// Turns a persistent id (what `persistent_id` returned when saving) into a value.
    typealias PersistentLoad = (PickleValue) throws -> PickleValue

    /// Limits that keep hostile input from exhausting memory.
    static let maxStackDepth = 10_000_000
    static let maxMarkDepth = 1_000_000

    private var reader: ByteReader
    private let arena: PickleArena
    private let persistentLoad: PersistentLoad
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    /// Unpickles one pickle starting at `start`.
    /// - Returns: the value and the offset just past its STOP opcode.
    static func unpickle(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, context: String,
                         arena: PickleArena, persistentLoad: @escaping PersistentLoad) throws
        -> (value: PickleValue, end: Int) {
        var machine = PickleMachine(reader: ByteReader(bytes, position: start, context: context),
                                    arena: arena, persistentLoad: persistentLoad)
        let value = try machine.run()
        return (value, machine.reader.position)
    }

    private init(reader: ByteReader, arena: PickleArena, persistentLoad: @escaping PersistentLoad) {
        self.reader = reader
        self.arena = arena
        self.persistentLoad = persistentLoad
    }

    private func malformed(_ message: String, at offset: Int) -> CheckpointError {
        .malformedPickle("\(reader.context): \(message) (opcode at offset \(offset))")
    }

    // MARK: stack helpers

    private mutating func push(_ v: PickleValue) throws {
        guard stack.count < Self.maxStackDepth else {
            throw CheckpointError.malformedPickle("\(reader.context): value stack exceeds \(Self.maxStackDepth) entries")
        }
        stack.append(v)
    }

    /// The lowest stack index the current frame may pop (above the innermost mark).
    private var fence: Int { marks.last ?? 0 }

    private mutating func pop(at offset: Int) throws -> PickleValue {
        guard stack.count > fence else { throw malformed("stack underflow", at: offset) }
        return stack.removeLast()
    }

    private func top(at offset: Int) throws -> PickleValue {
        guard stack.count > fence, let v = stack.last else { throw malformed("stack underflow", at: offset) }
        return v
    }

    private mutating func popMark(at offset: Int) throws -> [PickleValue] {
        guard let m = marks.popLast() else { throw malformed("no MARK to pop to", at: offset) }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    private mutating func memoGet(_ index: Int, at offset: Int) throws -> PickleValue {
        guard let v = memo[index] else { throw malformed("memo index \(index) was never stored", at: offset) }
        return v
    }

    private mutating func memoPut(_ index: Int, at offset: Int) throws {
        memo[index] = try top(at: offset)
    }

    // MARK: decoding helpers

    private func decodeUTF8(_ raw: UnsafeRawBufferPointer, at offset: Int) throws -> String {
        guard let s = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw malformed("string is not valid UTF-8", at: offset)
        }
        return s
    }

    /// Python 2 `str` (BINSTRING/SHORT_BINSTRING): UTF-8 when valid, else Latin-1.
    private func decodeLegacyString(_ raw: UnsafeRawBufferPointer) -> String {
        let bytes = raw.bindMemory(to: UInt8.self)
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// Two's-complement little-endian integer of `n` bytes (LONG1/LONG4).
    private func decodeLong(_ raw: UnsafeRawBufferPointer) -> PickleValue {
        if raw.isEmpty { return .int(0) }
        if raw.count > 8 {
            // Fits in Int64 only if the extra bytes are pure sign extension.
            let signByte: UInt8 = raw[7] & 0x80 != 0 ? 0xff : 0x00
            for i in 8 ..< raw.count where raw[i] != signByte { return .bigInt(Array(raw)) }
        }
        let n = Swift.min(raw.count, 8)
        var value: UInt64 = 0
        for i in 0 ..< n { value |= UInt64(raw[i]) << (8 * UInt64(i)) }
        if n < 8, raw[n - 1] & 0x80 != 0 { value |= ~UInt64(0) << (8 * UInt64(n)) }
        return .int(Int64(bitPattern: value))
    }

    private func ascii(_ raw: UnsafeRawBufferPointer) -> String {
        String(decoding: raw, as: UTF8.self)
    }

    // MARK: main loop

    private mutating func run() throws -> PickleValue {
        while true {
            let offset = reader.position
            let op = try reader.u8("an opcode")
            switch op {
            case 0x80: // PROTO
                let proto = try reader.u8("the protocol number")
                guard proto <= 5 else {
                    throw CheckpointError.unsupported("\(reader.context): pickle protocol \(proto) (at most 5 is supported)")
                }
            case 0x95: // FRAME: a length hint only
                _ = try reader.u64("the frame length")
            case 0x2e: // STOP
                let v = try pop(at: offset)
                return v
            case 0x28: // MARK
                guard marks.count < Self.maxMarkDepth else { throw malformed("too many nested MARKs", at: offset) }
                marks.append(stack.count)
            case 0x30: // POP (like CPython: a MARK on top of the stack is popped instead)
                if let m = marks.last, m == stack.count { marks.removeLast() } else { _ = try pop(at: offset) }
            case 0x31: // POP_MARK
                _ = try popMark(at: offset)
            case 0x32: // DUP
                try push(try top(at: offset))

            // Constants and numbers.
            case 0x4e: try push(.none) // NONE
            case 0x88: try push(.bool(true)) // NEWTRUE
            case 0x89: try push(.bool(false)) // NEWFALSE
            case 0x4a: // BININT
                try push(.int(Int64(Int32(bitPattern: try reader.u32("BININT")))))
            case 0x4b: // BININT1
                try push(.int(Int64(try reader.u8("BININT1"))))
            case 0x4d: // BININT2
                try push(.int(Int64(try reader.u16("BININT2"))))
            case 0x8a: // LONG1
                let n = Int(try reader.u8("LONG1 length"))
                try push(decodeLong(try reader.slice(n, "LONG1 bytes")))
            case 0x8b: // LONG4
                let n = Int(Int32(bitPattern: try reader.u32("LONG4 length")))
                guard n >= 0 else { throw malformed("negative LONG4 length", at: offset) }
                try push(decodeLong(try reader.slice(n, "LONG4 bytes")))
            case 0x47: // BINFLOAT (big-endian)
                try push(.float(Double(bitPattern: try reader.u64BigEndian("BINFLOAT"))))
            case 0x49: // INT (text; "01"/"00" are True/False in protocol 0)
                let text = ascii(try reader.line("INT"))
                if text == "01" { try push(.bool(true)) } else if text == "00" { try push(.bool(false)) } else {
                    guard let v = Int64(text) else { throw malformed("bad INT literal \"\(text.prefix(40))\"", at: offset) }
                    try push(.int(v))
                }
            case 0x4c: // LONG (text, optional trailing L)
                var text = ascii(try reader.line("LONG"))
                if text.hasSuffix("L") { text.removeLast() }
                if let v = Int64(text) { try push(.int(v)) } else if !text.isEmpty, text.dropFirst(text.first == "-" ? 1 : 0).allSatisfy(\.isNumber) {
                    try push(.bigInt([])) // value not needed by any torch structure
                } else { throw malformed("bad LONG literal \"\(text.prefix(40))\"", at: offset) }
            case 0x46: // FLOAT (text)
                let text = ascii(try reader.line("FLOAT"))
                guard let v = Double(text) else { throw malformed("bad FLOAT literal \"\(text.prefix(40))\"", at: offset) }
                try push(.float(v))

            // Strings and bytes.
            case 0x58: // BINUNICODE
                let n = Int(try reader.u32("BINUNICODE length"))
                try push(.string(try decodeUTF8(try reader.slice(n, "BINUNICODE bytes"), at: offset)))
            case 0x8c: // SHORT_BINUNICODE
                let n = Int(try reader.u8("SHORT_BINUNICODE length"))
                try push(.string(try decodeUTF8(try reader.slice(n, "SHORT_BINUNICODE bytes"), at: offset)))
            case 0x8d: // BINUNICODE8
                let n = try reader.u64("BINUNICODE8 length")
                guard n <= UInt64(reader.remaining) else { throw CheckpointError.truncated("\(reader.context): BINUNICODE8 of \(n) bytes at offset \(offset)") }
                try push(.string(try decodeUTF8(try reader.slice(Int(n), "BINUNICODE8 bytes"), at: offset)))
            case 0x54: // BINSTRING
                let n = Int(Int32(bitPattern: try reader.u32("BINSTRING length")))
                guard n >= 0 else { throw malformed("negative BINSTRING length", at: offset) }
                try push(.string(decodeLegacyString(try reader.slice(n, "BINSTRING bytes"))))
            case 0x55: // SHORT_BINSTRING
                let n = Int(try reader.u8("SHORT_BINSTRING length"))
                try push(.string(decodeLegacyString(try reader.slice(n, "SHORT_BINSTRING bytes"))))
            case 0x42: // BINBYTES
                let n = Int(try reader.u32("BINBYTES length"))
                try push(.bytes(Array(try reader.slice(n, "BINBYTES bytes"))))
            case 0x43: // SHORT_BINBYTES
                let n = Int(try reader.u8("SHORT_BINBYTES length"))
                try push(.bytes(Array(try reader.slice(n, "SHORT_BINBYTES bytes"))))
            case 0x8e, 0x96: // BINBYTES8, BYTEARRAY8
                let n = try reader.u64("BINBYTES8 length")
                guard n <= UInt64(reader.remaining) else { throw CheckpointError.truncated("\(reader.context): BINBYTES8 of \(n) bytes at offset \(offset)") }
                try push(.bytes(Array(try reader.slice(Int(n), "BINBYTES8 bytes"))))

            // Containers.
            case 0x7d: try push(.dict(arena.dict())) // EMPTY_DICT
            case 0x5d: try push(.list(arena.sequence([]))) // EMPTY_LIST
            case 0x29: try push(.tuple(arena.sequence([]))) // EMPTY_TUPLE
            case 0x8f: try push(.set(arena.sequence([]))) // EMPTY_SET
            case 0x85, 0x86, 0x87: // TUPLE1, TUPLE2, TUPLE3
                let n = Int(op - 0x84)
                guard stack.count - fence >= n else { throw malformed("stack underflow", at: offset) }
                let items = Array(stack.suffix(n))
                stack.removeLast(n)
                try push(.tuple(arena.sequence(items)))
            case 0x74: // TUPLE
                try push(.tuple(arena.sequence(try popMark(at: offset))))
            case 0x6c: // LIST
                try push(.list(arena.sequence(try popMark(at: offset))))
            case 0x91: // FROZENSET
                try push(.set(arena.sequence(try popMark(at: offset))))
            case 0x64: // DICT
                let items = try popMark(at: offset)
                guard items.count % 2 == 0 else { throw malformed("DICT with an odd number of items", at: offset) }
                let d = arena.dict()
                for i in stride(from: 0, to: items.count, by: 2) { d.set(items[i], items[i + 1]) }
                try push(.dict(d))
            case 0x61: // APPEND
                let v = try pop(at: offset)
                try append([v], to: try top(at: offset), at: offset)
            case 0x65: // APPENDS
                let items = try popMark(at: offset)
                try append(items, to: try top(at: offset), at: offset)
            case 0x90: // ADDITEMS
                let items = try popMark(at: offset)
                guard case .set(let s) = try top(at: offset) else { throw malformed("ADDITEMS to a non-set", at: offset) }
                s.items.append(contentsOf: items)
            case 0x73: // SETITEM
                let v = try pop(at: offset)
                let k = try pop(at: offset)
                try setItems([k, v], in: try top(at: offset), at: offset)
            case 0x75: // SETITEMS
                let items = try popMark(at: offset)
                guard items.count % 2 == 0 else { throw malformed("SETITEMS with an odd number of items", at: offset) }
                try setItems(items, in: try top(at: offset), at: offset)

            // Memo.
            case 0x71: try memoPut(Int(try reader.u8("BINPUT index")), at: offset) // BINPUT
            case 0x72: try memoPut(Int(try reader.u32("LONG_BINPUT index")), at: offset) // LONG_BINPUT
            case 0x94: try memoPut(memo.count, at: offset) // MEMOIZE
            case 0x70: // PUT (text)
                let text = ascii(try reader.line("PUT"))
                guard let i = Int(text), i >= 0 else { throw malformed("bad PUT index", at: offset) }
                try memoPut(i, at: offset)
            case 0x68: try push(try memoGet(Int(try reader.u8("BINGET index")), at: offset)) // BINGET
            case 0x6a: try push(try memoGet(Int(try reader.u32("LONG_BINGET index")), at: offset)) // LONG_BINGET
            case 0x67: // GET (text)
                let text = ascii(try reader.line("GET"))
                guard let i = Int(text), i >= 0 else { throw malformed("bad GET index", at: offset) }
                try push(try memoGet(i, at: offset))

            // Globals, calls, objects.
            case 0x63: // GLOBAL
                let module = ascii(try reader.line("GLOBAL module", maxLength: 1024))
                let name = ascii(try reader.line("GLOBAL name", maxLength: 1024))
                try push(.global(try PickleGlobal.resolve(module: module, name: name)))
            case 0x93: // STACK_GLOBAL
                let nameValue = try pop(at: offset)
                let moduleValue = try pop(at: offset)
                guard let module = moduleValue.asString, let name = nameValue.asString else {
                    throw malformed("STACK_GLOBAL needs two strings", at: offset)
                }
                try push(.global(try PickleGlobal.resolve(module: module, name: name)))
            case 0x52: // REDUCE
                let args = try pop(at: offset)
                let callable = try pop(at: offset)
                try push(try call(callable, args, at: offset))
            case 0x81: // NEWOBJ: cls.__new__(cls, *args)
                let args = try pop(at: offset)
                let cls = try pop(at: offset)
                try push(try call(cls, args, at: offset))
            case 0x92: // NEWOBJ_EX: keyword arguments are not used by any whitelisted class
                let kwargs = try pop(at: offset)
                let args = try pop(at: offset)
                let cls = try pop(at: offset)
                if case .dict(let d) = kwargs, d.count > 0 {
                    throw CheckpointError.unsupported("\(reader.context): NEWOBJ_EX with keyword arguments for \(cls.kindName)")
                }
                try push(try call(cls, args, at: offset))
            case 0x62: // BUILD
                let state = try pop(at: offset)
                try build(try top(at: offset), state: state, at: offset)
            case 0x51: // BINPERSID
                let pid = try pop(at: offset)
                try push(try persistentLoad(pid))
            case 0x50: // PERSID (text)
                let text = ascii(try reader.line("PERSID"))
                try push(try persistentLoad(.string(text)))

            case 0x69, 0x6f: // INST, OBJ: old-style class instantiation
                throw CheckpointError.unsupported("\(reader.context): INST/OBJ opcodes (old-style class instances) at offset \(offset)")
            case 0x82, 0x83, 0x84: // EXT1/2/4
                throw CheckpointError.unsupported("\(reader.context): copyreg extension codes at offset \(offset)")
            case 0x97, 0x98: // NEXT_BUFFER, READONLY_BUFFER
                throw CheckpointError.unsupported("\(reader.context): out-of-band pickle buffers at offset \(offset)")
            case 0x53, 0x56: // STRING, UNICODE (protocol 0 escaped text)
                throw CheckpointError.unsupported("\(reader.context): protocol-0 text strings at offset \(offset)")
            default:
                throw malformed("unknown opcode 0x\(String(op, radix: 16))", at: offset)
            }
        }
    }

    private func append(_ items: [PickleValue], to target: PickleValue, at offset: Int) throws {
        switch target {
        case .list(let s): s.items.append(contentsOf: items)
        default: throw malformed("APPEND to a \(target.kindName)", at: offset)
        }
    }

    private func setItems(_ items: [PickleValue], in target: PickleValue, at offset: Int) throws {
        guard case .dict(let d) = target else { throw malformed("SETITEM on a \(target.kindName)", at: offset) }
        for i in stride(from: 0, to: items.count, by: 2) { d.set(items[i], items[i + 1]) }
    }

    /// BUILD: whitelisted objects accept a state without running any `__setstate__`.
    private func build(_ target: PickleValue, state: PickleValue, at offset: Int) throws {
        switch target {
        case .object(let o): o.state = state
        case .dict, .tensor:
            // An OrderedDict's `_metadata` attribute, or a tensor's Python attributes: not needed.
            break
        default:
            throw malformed("BUILD on a \(target.kindName)", at: offset)
        }
    }

    // MARK: calling whitelisted globals

    private func call(_ callable: PickleValue, _ args: PickleValue, at offset: Int) throws -> PickleValue {
        guard case .global(let g) = callable else {
            throw malformed("call of a \(callable.kindName), which is not callable", at: offset)
        }
        guard case .tuple(let argTuple) = args else {
            throw malformed("arguments of \(g.qualifiedName) are a \(args.kindName), not a tuple", at: offset)
        }
        let a = argTuple.items
        switch g {
        case .orderedDict, .dict:
            let d = arena.dict()
            if let source = a.first {
                guard a.count == 1, let pairs = source.sequenceItems else {
                    throw malformed("\(g.qualifiedName) expects () or (pairs,)", at: offset)
                }
                for pair in pairs {
                    guard let kv = pair.sequenceItems, kv.count == 2 else {
                        throw malformed("\(g.qualifiedName) pair is not a 2-sequence", at: offset)
                    }
                    d.set(kv[0], kv[1])
                }
            }
            return .dict(d)
        case .set, .frozenset:
            guard a.count <= 1 else { throw malformed("\(g.qualifiedName) takes at most one argument", at: offset) }
            var items: [PickleValue] = []
            if let source = a.first {
                guard let s = source.sequenceItems else { throw malformed("\(g.qualifiedName) of a \(source.kindName)", at: offset) }
                items = s
            }
            return .set(arena.sequence(items))
        case .rebuildTensorV2:
            // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            guard a.count == 6 || a.count == 7 else {
                throw malformed("_rebuild_tensor_v2 takes 6 or 7 arguments, got \(a.count)", at: offset)
            }
            return .tensor(try tensor(storage: a[0], offset: a[1], size: a[2], stride: a[3], at: offset))
        case .rebuildTensor:
            guard a.count == 4 else { throw malformed("_rebuild_tensor takes 4 arguments, got \(a.count)", at: offset) }
            return .tensor(try tensor(storage: a[0], offset: a[1], size: a[2], stride: a[3], at: offset))
        case .rebuildParameter, .rebuildParameterWithState:
            // (data, requires_grad, backward_hooks[, state]): the parameter is its data tensor.
            let expected = g == .rebuildParameter ? 3 : 4
            guard a.count == expected, case .tensor = a[0] else {
                throw malformed("\(g.qualifiedName) expects a tensor and \(expected - 1) more arguments", at: offset)
            }
            return a[0]
        case .codecsEncode:
            guard a.count == 2, let text = a[0].asString, let encoding = a[1].asString else {
                throw malformed("_codecs.encode expects (str, encoding)", at: offset)
            }
            guard ["latin1", "latin-1", "iso-8859-1"].contains(encoding.lowercased()) else {
                throw CheckpointError.unsupported("\(reader.context): _codecs.encode with encoding \(encoding)")
            }
            var out: [UInt8] = []
            out.reserveCapacity(text.unicodeScalars.count)
            for u in text.unicodeScalars {
                guard u.value < 256 else { throw malformed("_codecs.encode: character outside latin-1", at: offset) }
                out.append(UInt8(u.value))
            }
            return .bytes(out)
        case .inert(let name):
            return .object(arena.object(typeName: name, arguments: args))
        case .storageType(let dtype):
            throw CheckpointError.unsupported("\(reader.context): constructing torch.\(dtype.torchStorageName) directly at offset \(offset)")
        }
    }

    private func intArray(_ value: PickleValue, _ what: String, at offset: Int) throws -> [Int] {
        guard let items = value.sequenceItems else {
            throw malformed("tensor \(what) is a \(value.kindName), not a tuple", at: offset)
        }
        guard items.count <= CheckpointTensor.maxRank else {
            throw CheckpointError.inconsistent("\(reader.context): tensor \(what) has \(items.count) entries (at most \(CheckpointTensor.maxRank))")
        }
        return try items.map { item in
            guard let v = item.asInt, v >= 0, v <= Int64(Int.max) else {
                throw CheckpointError.inconsistent("\(reader.context): tensor \(what) entry \(item.kindName) is not a non-negative int")
            }
            return Int(v)
        }
    }

    private func tensor(storage: PickleValue, offset storageOffset: PickleValue, size: PickleValue,
                        stride: PickleValue, at offset: Int) throws -> TensorReference {
        guard case .storage(let s) = storage else {
            throw malformed("tensor storage is a \(storage.kindName), not a storage", at: offset)
        }
        guard let o = storageOffset.asInt, o >= 0, o <= Int64(Int.max) else {
            throw CheckpointError.inconsistent("\(reader.context): tensor storage offset is not a non-negative int")
        }
        let shape = try intArray(size, "size", at: offset)
        let strides = try intArray(stride, "stride", at: offset)
        guard shape.count == strides.count else {
            throw CheckpointError.inconsistent("\(reader.context): tensor with size \(shape) and stride \(strides)")
        }
        return TensorReference(storage: s, storageOffset: Int(o), shape: shape, strides: strides)
    }
}
