import Foundation
import RS4A

// Noises section of include/rs4a.h.

/// NaN means "not given" for the optional parameters of rs4a_noise_create.
private func given(_ value: Double) -> Double? { value.isNaN ? nil : value }

@_cdecl("rs4a_noise_create")
public func rs4a_noise_create(_ name: UnsafePointer<CChar>?, _ dim: Int64, _ sigma: Double, _ lambd: Double,
                              _ k: Double, _ j: Double, _ a: Double, _ p: Double,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    capiCall("rs4a_noise_create") {
        let name = try string(name, "name")
        let out = try required(out, "out")
        guard dim >= 1, dim <= Int64(Int32.max) else {
            throw CAPIError(.invalidArgument, "dim must be in 1...\(Int32.max), got \(dim)")
        }
        let made = try makeNoise(name: name, dim: Int(dim), sigma: given(sigma), lambd: given(lambd),
                                 k: given(k), j: given(j), a: given(a), p: given(p))
        out.pointee = HandleRegistry.shared.register(NoiseHandle(made), kind: .noise)
    }
}

@_cdecl("rs4a_noise_free")
public func rs4a_noise_free(_ noise: OpaquePointer?) {
    releaseHandle(noise, kind: .noise, function: "rs4a_noise_free")
}

@_cdecl("rs4a_noise_info")
public func rs4a_noise_info(_ handle: OpaquePointer?, _ sigma: UnsafeMutablePointer<Double>?,
                            _ lambd: UnsafeMutablePointer<Double>?, _ dim: UnsafeMutablePointer<Int64>?) -> Int32 {
    capiCall("rs4a_noise_info") {
        let n = try noiseHandle(handle).noise
        sigma?.pointee = n.sigma
        lambd?.pointee = n.lambd
        dim?.pointee = Int64(n.dim)
    }
}

@_cdecl("rs4a_noise_name")
public func rs4a_noise_name(_ handle: OpaquePointer?, _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    capiCall("rs4a_noise_name") {
        let h = try noiseHandle(handle)
        try required(name, "name").pointee = UnsafePointer(h.cName)
    }
}

@_cdecl("rs4a_noise_sample")
public func rs4a_noise_sample(_ handle: OpaquePointer?, _ x: UnsafePointer<Float>?, _ n: Int64, _ seed: UInt64,
                              _ firstRow: UInt64, _ out: UnsafeMutablePointer<Float>?) -> Int32 {
    capiCall("rs4a_noise_sample") {
        let noise = try noiseHandle(handle).noise
        let x = try required(x, "x"), out = try required(out, "out")
        let input = try finiteCallerInput(x, rows: n, perRow: noise.dim, "x")
        let output = try callerOutput(out, rows: n, perRow: noise.dim, "out")
        guard UInt64(n) <= UInt64.max - firstRow else {
            throw CAPIError(.invalidArgument, "first_row + n = \(firstRow) + \(n) exceeds 2^64 − 1")
        }
        guard !input.isEmpty else { return }
        let stream = RandomStream(seed: seed)
        if UnsafeRawPointer(x) == UnsafeRawPointer(out) {
            try noise.sample(output, stream: stream, firstRow: firstRow, threads: Parallel.defaultThreadCount)
            return
        }
        // Both byte sizes were checked not to overflow the address space.
        let bytes = UInt(input.count * MemoryLayout<Float>.stride)
        let xs = UInt(bitPattern: UnsafeRawPointer(x)), os = UInt(bitPattern: UnsafeRawPointer(out))
        guard xs + bytes <= os || os + bytes <= xs else {
            throw CAPIError(.invalidArgument, "out overlaps x without being equal to it (in place needs out == x)")
        }
        try noise.sample(input, into: output, stream: stream, firstRow: firstRow, threads: Parallel.defaultThreadCount)
    }
}

@_cdecl("rs4a_noise_certify")
public func rs4a_noise_certify(_ handle: OpaquePointer?, _ probLB: UnsafePointer<Double>?, _ count: Int64, _ adv: Double,
                               _ radius: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_noise_certify") {
        let h = try noiseHandle(handle)
        let noise = h.noise, cache = h.tableCache
        let probLB = try required(probLB, "prob_lb"), radius = try required(radius, "radius")
        let rhos = try callerInput(probLB, rows: count, perRow: 1, "prob_lb")
        let radii = try callerOutput(radius, rows: count, perRow: 1, "radius")
        _ = try noise.certify(0.5, adv: adv, cache: cache)  // the adversary and the certificate's existence, even for count 0
        for (i, rho) in rhos.enumerated() where rho.isNaN || rho < 0 || rho > 1 {
            throw CAPIError(.invalidArgument, "prob_lb[\(i)] = \(rho) is not in [0, 1]")
        }
        let results = try Scratch<Double>(count: rhos.count, "radius")
        try noise.certify(rhos, into: results.values, adv: adv, cache: cache)
        results.copy(to: radii)
    }
}

@_cdecl("rs4a_noise_set_tables_dir")
public func rs4a_noise_set_tables_dir(_ handle: OpaquePointer?, _ dir: UnsafePointer<CChar>?) -> Int32 {
    capiCall("rs4a_noise_set_tables_dir") {
        let h = try noiseHandle(handle)
        let directory = try dir.map { try string($0, "dir") }
        h.setTablesDirectory(directory?.isEmpty == false ? directory : nil)
    }
}
