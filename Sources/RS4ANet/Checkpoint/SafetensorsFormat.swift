import Foundation

/// Reader for safetensors files: an 8-byte little-endian header length, a JSON header
/// `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`,
/// then the byte buffer the offsets index (relative to the buffer's start).
enum SafetensorsFormat {
    private static let context = "safetensors file"
    /// The format's own limit on the header size.
    static let maxHeaderBytes: UInt64 = 100_000_000

    /// Header length plausible and JSON object opening right after it.
    static func looksSafetensors(_ data: Data) -> Bool {
        guard data.count >= 10 else { return false }
        let n = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        return n >= 2 && n <= maxHeaderBytes && data[data.startIndex + 8] == UInt8(ascii: "{")
    }

    static func load(_ data: Data) throws -> StateDict {
        guard data.count >= 8 else { throw CheckpointError.truncated("\(context): no 8-byte header length") }
        let n = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard n <= maxHeaderBytes else {
            throw CheckpointError.malformedContainer("\(context): header length \(n) exceeds \(maxHeaderBytes)")
        }
        guard n <= UInt64(data.count - 8) else {
            throw CheckpointError.truncated("\(context): header of \(n) bytes but only \(data.count - 8) follow")
        }
        let headerStart = data.startIndex + 8
        let bufferStart = headerStart + Int(n)
        let header = data[headerStart ..< bufferStart]
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw CheckpointError.malformedContainer("\(context): header is not valid JSON")
        }
        guard let object = json as? [String: Any] else {
            throw CheckpointError.malformedContainer("\(context): header is not a JSON object")
        }
        let buffer = data[bufferStart...]

        var entries: [(begin: Int, name: String, tensor: CheckpointTensor)] = []
        for (name, value) in object where name != "__metadata__" {
            guard let info = value as? [String: Any],
                  let dtypeName = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any],
                  let offsetValues = info["data_offsets"] as? [Any], offsetValues.count == 2 else {
                throw CheckpointError.malformedContainer("\(context): tensor \"\(name)\" lacks dtype, shape or data_offsets")
            }
            guard let dtype = CheckpointDType.fromSafetensorsName(dtypeName) else {
                throw CheckpointError.unsupported("\(context): tensor \"\(name)\" has dtype \(dtypeName)")
            }
            let shape = try shapeValues.map { try nonNegativeInt($0, "shape of \"\(name)\"") }
            let begin = try nonNegativeInt(offsetValues[0], "data_offsets of \"\(name)\"")
            let end = try nonNegativeInt(offsetValues[1], "data_offsets of \"\(name)\"")
            guard begin <= end, end <= buffer.count else {
                throw CheckpointError.inconsistent(
                    "\(context): tensor \"\(name)\" data_offsets [\(begin), \(end)] outside the \(buffer.count)-byte buffer")
            }
            let bytes = buffer[(bufferStart + begin) ..< (bufferStart + end)]
            let what = "\(context): tensor \"\(name)\""
            let tensor = try CheckpointTensor(shape: shape, strides: TensorLayout.contiguousStrides(shape, context: what),
                                              storageOffset: 0, storage: bytes, dtype: dtype, context: what)
            guard tensor.count * dtype.elementSize == end - begin else {
                throw CheckpointError.inconsistent(
                    "\(context): tensor \"\(name)\" of shape \(shape) needs \(tensor.count * dtype.elementSize) bytes, "
                    + "data_offsets span \(end - begin)")
            }
            entries.append((begin, name, tensor))
        }
        // JSON objects are unordered; the data buffer's order is the file order.
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        return try StateDict(entries.map { ($0.name, $0.tensor) })
    }

    private static func nonNegativeInt(_ value: Any, _ what: String) throws -> Int {
        // JSON numbers arrive as NSNumber; reject fractions, negatives and non-numbers.
        if let number = value as? NSNumber, let v = Int(exactly: number.doubleValue),
           v >= 0, number.int64Value == Int64(v) {
            return v
        }
        throw CheckpointError.malformedContainer("\(context): \(what) holds \(value), not a non-negative integer")
    }
}
