import Foundation
import RS4A

// State dicts section of include/rs4a.h.

/// The largest tensor rs4a_state_dict_add accepts (values).
private let maxTensorValues = 1 << 31

@_cdecl("rs4a_state_dict_load")
public func rs4a_state_dict_load(_ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    capiCall("rs4a_state_dict_load") {
        let path = try string(path, "path")
        let out = try required(out, "out")
        let state = try CheckpointLoader.load(contentsOf: URL(fileURLWithPath: path))
        out.pointee = HandleRegistry.shared.register(StateDictHandle(state), kind: .stateDict)
    }
}

@_cdecl("rs4a_state_dict_create")
public func rs4a_state_dict_create(_ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    capiCall("rs4a_state_dict_create") {
        let out = try required(out, "out")
        out.pointee = HandleRegistry.shared.register(StateDictHandle(), kind: .stateDict)
    }
}

@_cdecl("rs4a_state_dict_free")
public func rs4a_state_dict_free(_ state: OpaquePointer?) {
    releaseHandle(state, kind: .stateDict, function: "rs4a_state_dict_free")
}

private func stateDict(_ handle: OpaquePointer?) throws -> StateDictHandle {
    try HandleRegistry.shared.lookup(handle, .stateDict, as: StateDictHandle.self, name: "state")
}

@_cdecl("rs4a_state_dict_count")
public func rs4a_state_dict_count(_ state: OpaquePointer?, _ count: UnsafeMutablePointer<Int64>?) -> Int32 {
    capiCall("rs4a_state_dict_count") {
        let s = try stateDict(state)
        try required(count, "count").pointee = Int64(s.count)
    }
}

@_cdecl("rs4a_state_dict_key")
public func rs4a_state_dict_key(_ state: OpaquePointer?, _ index: Int64,
                                _ key: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    capiCall("rs4a_state_dict_key") {
        let s = try stateDict(state)
        let key = try required(key, "key")
        key.pointee = try s.entry(index).key
    }
}

@_cdecl("rs4a_state_dict_shape")
public func rs4a_state_dict_shape(_ state: OpaquePointer?, _ index: Int64, _ rank: UnsafeMutablePointer<Int64>?,
                                  _ shape: UnsafeMutablePointer<Int64>?, _ capacity: Int64) -> Int32 {
    capiCall("rs4a_state_dict_shape") {
        let s = try stateDict(state)
        let rank = try required(rank, "rank")
        let dims = try s.entry(index).tensor.shape
        if let shape {
            guard capacity >= 0 else { throw CAPIError(.invalidArgument, "capacity must be ≥ 0, got \(capacity)") }
            guard Int64(dims.count) <= capacity else {
                throw CAPIError(.shape, "tensor \(index) has rank \(dims.count) but capacity is \(capacity)")
            }
            for (i, d) in dims.enumerated() { shape[i] = Int64(d) }
        }
        rank.pointee = Int64(dims.count)
    }
}

@_cdecl("rs4a_state_dict_read")
public func rs4a_state_dict_read(_ state: OpaquePointer?, _ index: Int64, _ values: UnsafeMutablePointer<Float>?,
                                 _ count: Int64) -> Int32 {
    capiCall("rs4a_state_dict_read") {
        let s = try stateDict(state)
        let values = try required(values, "values")
        let entry = try s.entry(index)
        guard count == Int64(entry.tensor.count) else {
            throw CAPIError(.shape, "tensor \(index) (\(String(cString: entry.key)), shape \(entry.tensor.shape)) has "
                            + "\(entry.tensor.count) values, count is \(count)")
        }
        let floats = try entry.tensor.floatValues()
        for (i, v) in floats.enumerated() { values[i] = v }
    }
}

@_cdecl("rs4a_state_dict_add")
public func rs4a_state_dict_add(_ state: OpaquePointer?, _ key: UnsafePointer<CChar>?, _ shape: UnsafePointer<Int64>?,
                                _ rank: Int64, _ values: UnsafePointer<Float>?, _ count: Int64) -> Int32 {
    capiCall("rs4a_state_dict_add") {
        let s = try stateDict(state)
        let name = try string(key, "key")
        guard !name.isEmpty else { throw CAPIError(.invalidArgument, "key must not be empty") }
        guard rank >= 0, rank <= 64 else { throw CAPIError(.invalidArgument, "rank must be in 0...64, got \(rank)") }
        let dims = rank == 0 ? [] : Array(UnsafeBufferPointer(start: try required(shape, "shape"), count: Int(rank)))
        var product: Int64 = 1
        for (i, d) in dims.enumerated() {
            guard d >= 0 else { throw CAPIError(.invalidArgument, "shape[\(i)] must be ≥ 0, got \(d)") }
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maxTensorValues else {
                throw CAPIError(.invalidArgument, "shape \(dims) has more than \(maxTensorValues) values")
            }
            product = p
        }
        guard count == product else {
            throw CAPIError(.shape, "shape \(dims) needs \(product) values, count is \(count)")
        }
        let floats = product == 0 ? [] : Array(UnsafeBufferPointer(start: try required(values, "values"), count: Int(product)))
        s.put(name, try CheckpointTensor(shape: dims.map { Int($0) }, floats: floats))
    }
}
