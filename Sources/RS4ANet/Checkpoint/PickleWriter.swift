/// Emits the protocol-2 pickle of a PyTorch state dict: an `OrderedDict` of
/// `torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())`,
/// each storage a persistent id `('storage', torch.<T>Storage, key, 'cpu', numel)`.
struct PickleWriter {
    private(set) var bytes: [UInt8] = []

    mutating func op(_ code: UInt8) { bytes.append(code) }

    mutating func proto2() { bytes += [0x80, 0x02] }

    mutating func global(_ module: String, _ name: String) {
        op(0x63) // GLOBAL
        bytes += Array(module.utf8) + [0x0a] + Array(name.utf8) + [0x0a]
    }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        op(0x58) // BINUNICODE
        withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { bytes += $0 }
        bytes += utf8
    }

    mutating func int(_ v: Int) {
        if v >= 0 && v < 256 {
            bytes += [0x4b, UInt8(v)] // BININT1
        } else if v >= 0 && v < 65_536 {
            op(0x4d) // BININT2
            withUnsafeBytes(of: UInt16(v).littleEndian) { bytes += $0 }
        } else if let v32 = Int32(exactly: v) {
            op(0x4a) // BININT
            withUnsafeBytes(of: v32.littleEndian) { bytes += $0 }
        } else {
            bytes += [0x8a, 8] // LONG1, 8 two's-complement bytes
            withUnsafeBytes(of: Int64(v).littleEndian) { bytes += $0 }
        }
    }

    mutating func intTuple(_ values: [Int]) {
        if values.isEmpty { op(0x29); return } // EMPTY_TUPLE
        op(0x28) // MARK
        for v in values { int(v) }
        op(0x74) // TUPLE
    }

    mutating func emptyOrderedDict() {
        global("collections", "OrderedDict")
        op(0x29) // EMPTY_TUPLE
        op(0x52) // REDUCE
    }

    /// One tensor stored contiguously at the start of its own storage record.
    mutating func tensor(storageKey: String, dtype: CheckpointDType, shape: [Int], strides: [Int], numel: Int) {
        global("torch._utils", "_rebuild_tensor_v2")
        op(0x28) // MARK (arguments)
        op(0x28) // MARK (persistent id)
        string("storage")
        global("torch", dtype.torchStorageName)
        string(storageKey)
        string("cpu")
        int(numel)
        op(0x74) // TUPLE
        op(0x51) // BINPERSID
        int(0) // storage offset
        intTuple(shape)
        intTuple(strides)
        op(0x89) // NEWFALSE: requires_grad
        emptyOrderedDict() // backward hooks
        op(0x74) // TUPLE
        op(0x52) // REDUCE
    }

    /// The whole state dict: keys in order, storage keys "0", "1", … in the same order.
    /// `strides` are the contiguous strides of `shape` (the tensors are written contiguously),
    /// `numel` its element count.
    static func stateDict(_ entries: [(name: String, dtype: CheckpointDType, shape: [Int], strides: [Int], numel: Int)]) -> [UInt8] {
        var w = PickleWriter()
        w.proto2()
        w.emptyOrderedDict()
        // SETITEMS in batches, as Python's pickler does, to keep the stack small.
        let batch = 1000
        for start in stride(from: 0, to: entries.count, by: batch) {
            w.op(0x28) // MARK
            for (i, e) in entries[start ..< Swift.min(start + batch, entries.count)].enumerated() {
                w.string(e.name)
                w.tensor(storageKey: String(start + i), dtype: e.dtype, shape: e.shape, strides: e.strides, numel: e.numel)
            }
            w.op(0x75) // SETITEMS
        }
        w.op(0x2e) // STOP
        return w.bytes
    }
}
