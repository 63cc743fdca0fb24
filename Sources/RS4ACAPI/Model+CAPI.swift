import Foundation
import RS4A

// Models section of include/rs4a.h.

func modelHandle(_ handle: OpaquePointer?) throws -> ModelHandle {
    try HandleRegistry.shared.lookup(handle, .model, as: ModelHandle.self, name: "model")
}

@_cdecl("rs4a_model_create")
public func rs4a_model_create(_ architecture: UnsafePointer<CChar>?, _ dataset: UnsafePointer<CChar>?,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    capiCall("rs4a_model_create") {
        let arch = try string(architecture, "architecture"), data = try string(dataset, "dataset")
        let out = try required(out, "out")
        out.pointee = HandleRegistry.shared.register(try ModelHandle(architecture: arch, dataset: data), kind: .model)
    }
}

@_cdecl("rs4a_model_load")
public func rs4a_model_load(_ architecture: UnsafePointer<CChar>?, _ dataset: UnsafePointer<CChar>?,
                            _ checkpointPath: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    capiCall("rs4a_model_load") {
        let arch = try string(architecture, "architecture"), data = try string(dataset, "dataset")
        let path = try string(checkpointPath, "checkpoint_path")
        let out = try required(out, "out")
        let m = try ModelHandle(architecture: arch, dataset: data)
        try m.load(try CheckpointLoader.load(contentsOf: URL(fileURLWithPath: path)), strict: true)
        out.pointee = HandleRegistry.shared.register(m, kind: .model)
    }
}

@_cdecl("rs4a_model_free")
public func rs4a_model_free(_ model: OpaquePointer?) {
    releaseHandle(model, kind: .model, function: "rs4a_model_free")
}

@_cdecl("rs4a_model_load_state_dict")
public func rs4a_model_load_state_dict(_ handle: OpaquePointer?, _ state: OpaquePointer?, _ strict: Int32) -> Int32 {
    capiCall("rs4a_model_load_state_dict") {
        let m = try modelHandle(handle)
        let s = try HandleRegistry.shared.lookup(state, .stateDict, as: StateDictHandle.self, name: "state")
        try m.load(try s.snapshot(), strict: strict != 0)
    }
}

@_cdecl("rs4a_model_info")
public func rs4a_model_info(_ handle: OpaquePointer?, _ channels: UnsafeMutablePointer<Int64>?,
                            _ height: UnsafeMutablePointer<Int64>?, _ width: UnsafeMutablePointer<Int64>?,
                            _ numClasses: UnsafeMutablePointer<Int64>?) -> Int32 {
    capiCall("rs4a_model_info") {
        let m = try modelHandle(handle)
        let c = try required(channels, "channels"), h = try required(height, "height")
        let w = try required(width, "width"), k = try required(numClasses, "num_classes")
        let shape = m.dataset.inputShape
        c.pointee = Int64(shape[0])
        h.pointee = Int64(shape[1])
        w.pointee = Int64(shape[2])
        k.pointee = Int64(m.dataset.classes)
    }
}

@_cdecl("rs4a_model_set_threads")
public func rs4a_model_set_threads(_ handle: OpaquePointer?, _ threads: Int32) -> Int32 {
    capiCall("rs4a_model_set_threads") {
        try modelHandle(handle).setThreads(threads)
    }
}

@_cdecl("rs4a_model_forward")
public func rs4a_model_forward(_ handle: OpaquePointer?, _ x: UnsafePointer<Float>?, _ n: Int64,
                               _ logits: UnsafeMutablePointer<Float>?) -> Int32 {
    capiCall("rs4a_model_forward") {
        let m = try modelHandle(handle)
        let x = try required(x, "x"), logits = try required(logits, "logits")
        let network = try m.loadedNetwork()
        _ = try finiteCallerInput(x, rows: n, perRow: network.inputDimension, "x")
        let output = try callerOutput(logits, rows: n, perRow: network.classes, "logits")
        // Into scratch first: a failure after some units must not leave part of `logits` written.
        let results = try Scratch<Float>(count: output.count, "logits")
        if let start = results.values.baseAddress {
            try forwardSplit(network, x, batch: Int(n), start, threads: m.threads)
        }
        results.copy(to: output)
    }
}

/// Runs `network` on `batch` images in units of `SmoothingOptions.unitRows(forInputDimension:)` images, the units
/// shared among `threads` workers: a unit's logits do not depend on the thread count.
func forwardSplit(_ network: Network, _ x: UnsafePointer<Float>, batch: Int, _ logits: UnsafeMutablePointer<Float>,
                  threads: Int) throws {
    let io = ForwardIO(x: x, logits: logits)
    let d = network.inputDimension, k = network.classes, unit = SmoothingOptions.unitRows(forInputDimension: d)
    let failure = FirstError()
    Parallel.forEachChunk(count: (batch + unit - 1) / unit, threads: threads) { units in
        for u in units {
            let lo = u * unit, hi = min(batch, lo + unit)
            do {
                try network.forward(UnsafeBufferPointer(start: io.x + lo * d, count: (hi - lo) * d), batch: hi - lo,
                                    into: UnsafeMutableBufferPointer(start: io.logits + lo * k, count: (hi - lo) * k))
            } catch {
                failure.record(error)
                return
            }
        }
    }
    if let error = failure.error { throw error }
}

/// The caller's buffers, shared by workers touching disjoint rows.
private struct ForwardIO: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let logits: UnsafeMutablePointer<Float>
}

