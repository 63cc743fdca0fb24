import Foundation

/// The subset of Python pickle (protocols 2–5) that CIFAR-10's python batches use: dicts, lists,
/// tuples, strings/bytes, integers, and NumPy arrays rebuilt via `numpy…_reconstruct`.
/// Anything else (arbitrary classes) is reported as unsupported — it never executes code.
final class PickleBox {
    enum Value {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case bytes([UInt8])
        case string(String)
        case list(PickleBox)
        case tuple([Value])
        case dict(PickleBox)
        case global(String)
        case ndarray(PickleBox)
        case dtype(String)
        case mark
    }

    var items: [Value] = []
    var entries: [(Value, Value)] = []
    // ndarray payload
    var shape: [Int] = []
    var dtype = ""
    var raw: [UInt8] = []
}

extension PickleBox.Value {
    var text: String? {
        switch self {
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }
}

struct MiniPickle {
    typealias V = PickleBox.Value
    private let d: [UInt8]
    private let file: String
    private var pos = 0
    private var stack: [V] = []
    private var memo: [Int: V] = [:]

    static func load(_ data: Data, file: String) throws -> V {
        var m = MiniPickle(d: [UInt8](data), file: file)
        return try m.run()
    }

    private init(d: [UInt8], file: String) {
        self.d = d
        self.file = file
    }

    private func fail(_ m: String) -> DataError { .malformed(file: file, message: "pickle: \(m) at byte \(pos)") }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= d.count - pos else { throw fail("truncated") }
        defer { pos += n }
        return d[pos ..< pos + n]
    }

    private mutating func uint(_ n: Int) throws -> Int {
        var v = 0
        for (k, b) in try take(n).enumerated() { v |= Int(b) << (8 * k) }
        return v
    }

    private mutating func line() throws -> String {
        guard let end = d[pos...].firstIndex(of: 0x0a) else { throw fail("unterminated line") }
        defer { pos = end + 1 }
        return String(decoding: d[pos ..< end], as: UTF8.self)
    }

    private mutating func pop() throws -> V {
        guard let v = stack.popLast() else { throw fail("stack underflow") }
        return v
    }

    private mutating func popMark() throws -> [V] {
        guard let m = stack.lastIndex(where: { if case .mark = $0 { return true }; return false }) else { throw fail("missing MARK") }
        let items = Array(stack[(m + 1)...])
        stack.removeSubrange(m...)
        return items
    }

    private mutating func run() throws -> V {
        while pos < d.count {
            let op = d[pos]
            pos += 1
            switch op {
            case 0x80: _ = try take(1)                      // PROTO
            case 0x95: _ = try take(8)                      // FRAME
            case 0x7d: let b = PickleBox(); stack.append(.dict(b))   // EMPTY_DICT
            case 0x5d: let b = PickleBox(); stack.append(.list(b))   // EMPTY_LIST
            case 0x29: stack.append(.tuple([]))              // EMPTY_TUPLE
            case 0x28: stack.append(.mark)                   // MARK
            case 0x71: memo[try uint(1)] = try top()         // BINPUT
            case 0x72: memo[try uint(4)] = try top()         // LONG_BINPUT
            case 0x94: memo[memo.count] = try top()          // MEMOIZE
            case 0x68, 0x6a:                                  // BINGET, LONG_BINGET
                let k = try uint(op == 0x68 ? 1 : 4)
                guard let v = memo[k] else { throw fail("unknown memo \(k)") }
                stack.append(v)
            case 0x58: let n = try uint(4); stack.append(.string(String(decoding: try take(n), as: UTF8.self)))
            case 0x8c: let n = try uint(1); stack.append(.string(String(decoding: try take(n), as: UTF8.self)))
            case 0x8d: let n = try uint(8); stack.append(.string(String(decoding: try take(n), as: UTF8.self)))
            case 0x55, 0x43: let n = try uint(1); stack.append(.bytes(Array(try take(n))))   // SHORT_BINSTRING, SHORT_BINBYTES
            case 0x54, 0x42: let n = try uint(4); stack.append(.bytes(Array(try take(n))))   // BINSTRING, BINBYTES
            case 0x8e: let n = try uint(8); stack.append(.bytes(Array(try take(n))))         // BINBYTES8
            case 0x4b: stack.append(.int(try uint(1)))                                       // BININT1
            case 0x4d: stack.append(.int(try uint(2)))                                       // BININT2
            case 0x4a: stack.append(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))      // BININT
            case 0x8a:                                                                        // LONG1
                let n = try uint(1)
                guard n <= 8 else { throw fail("integer too large") }
                let bytes = try take(n)
                var v = 0
                for (k, b) in bytes.enumerated() { v |= Int(b) << (8 * k) }
                if n > 0 && n < 8, let last = bytes.last, last & 0x80 != 0 { v -= 1 << (8 * n) }
                stack.append(.int(v))
            case 0x47:                                                                        // BINFLOAT
                var bits: UInt64 = 0
                for b in try take(8) { bits = bits << 8 | UInt64(b) }
                stack.append(.float(Double(bitPattern: bits)))
            case 0x4e: stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case 0x63: let module = try line(); let name = try line(); stack.append(.global(module + "." + name))   // GLOBAL
            case 0x93:                                                                        // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard let n = name.text, let m = module.text else { throw fail("bad STACK_GLOBAL") }
                stack.append(.global(m + "." + n))
            case 0x85: stack.append(.tuple([try pop()]))
            case 0x86: let b = try pop(), a = try pop(); stack.append(.tuple([a, b]))
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(.tuple([a, b, c]))
            case 0x74: stack.append(.tuple(try popMark()))                                   // TUPLE
            case 0x61: let v = try pop(); try list(try top()).items.append(v)                // APPEND
            case 0x65: let vs = try popMark(); try list(try top()).items.append(contentsOf: vs)   // APPENDS
            case 0x73: let v = try pop(), k = try pop(); try dict(try top()).entries.append((k, v))   // SETITEM
            case 0x75:                                                                        // SETITEMS
                let vs = try popMark()
                guard vs.count % 2 == 0 else { throw fail("odd SETITEMS") }
                let target = try dict(try top())
                for i in stride(from: 0, to: vs.count, by: 2) { target.entries.append((vs[i], vs[i + 1])) }
            case 0x52:                                                                        // REDUCE
                let args = try pop(), callable = try pop()
                stack.append(try call(callable, args))
            case 0x81:                                                                        // NEWOBJ
                let args = try pop(), cls = try pop()
                stack.append(try call(cls, args))
            case 0x62:                                                                        // BUILD
                let state = try pop()
                try build(try top(), state)
            case 0x2e:                                                                        // STOP
                return try pop()
            default:
                throw fail(String(format: "unsupported opcode 0x%02x", op))
            }
        }
        throw fail("no STOP opcode")
    }

    private func top() throws -> V {
        guard let v = stack.last else { throw fail("empty stack") }
        return v
    }

    private func list(_ v: V) throws -> PickleBox {
        guard case .list(let b) = v else { throw fail("APPEND to a non-list") }
        return b
    }

    private func dict(_ v: V) throws -> PickleBox {
        guard case .dict(let b) = v else { throw fail("SETITEM on a non-dict") }
        return b
    }

    private func call(_ callable: V, _ args: V) throws -> V {
        guard case .global(let name) = callable, case .tuple(let a) = args else { throw fail("REDUCE of a non-global") }
        switch name {
        case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray":
            return .ndarray(PickleBox())
        case "numpy.dtype":
            guard let t = a.first?.text else { throw fail("numpy.dtype without a type string") }
            return .dtype(t)
        case "_codecs.encode":  // protocol-2 bytes: _codecs.encode(latin-1 text, "latin1")
            guard let s = a.first?.text else { throw fail("_codecs.encode without text") }
            return .bytes(s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        default:
            throw fail("unsupported global \(name) (only NumPy arrays and builtin containers are read)")
        }
    }

    private func build(_ target: V, _ state: V) throws {
        switch target {
        case .ndarray(let box):
            // ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata))
            guard case .tuple(let s) = state, s.count == 5, case .tuple(let shape) = s[1], case .dtype(let t) = s[2],
                  case .bool(let fortran) = s[3], case .bytes(let raw) = s[4] else {
                throw fail("unsupported ndarray state (object arrays are not read)")
            }
            guard !fortran else { throw fail("Fortran-order arrays are not read") }
            box.shape = try shape.map { v in
                guard case .int(let n) = v else { throw fail("bad ndarray shape") }
                return n
            }
            box.dtype = t
            box.raw = raw
        case .dtype: break  // byte order / flags of single-byte dtypes are irrelevant here
        default: throw fail("BUILD of an unsupported object")
        }
    }
}
