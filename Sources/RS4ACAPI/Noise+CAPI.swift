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
        let count = try elementCount(n, noise.dim, "x")
        guard UInt64(n) <= UInt64.max - firstRow else {
            throw CAPIError(.invalidArgument, "first_row + n = \(firstRow) + \(n) exceeds 2^64 − 1")
        }
        guard count > 0 else { return }
        let stream = RandomStream(seed: seed)
        let output = UnsafeMutableBufferPointer(start: out, count: count)
        if UnsafeRawPointer(x) == UnsafeRawPointer(out) {
            try noise.sample(output, stream: stream, firstRow: firstRow, threads: Parallel.defaultThreadCount)
            return
        }
        let bytes = count * MemoryLayout<Float>.stride
        let xs = UInt(bitPattern: UnsafeRawPointer(x)), os = UInt(bitPattern: UnsafeRawPointer(out))
        guard xs &+ UInt(bytes) <= os || os &+ UInt(bytes) <= xs else {
            throw CAPIError(.invalidArgument, "out overlaps x without being equal to it (in place needs out == x)")
        }
        try noise.sample(UnsafeBufferPointer(start: x, count: count), into: output, stream: stream, firstRow: firstRow,
                         threads: Parallel.defaultThreadCount)
    }
}

@_cdecl("rs4a_noise_certify")
public func rs4a_noise_certify(_ handle: OpaquePointer?, _ probLB: UnsafePointer<Double>?, _ count: Int64, _ adv: Double,
                               _ radius: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_noise_certify") {
        let noise = try noiseHandle(handle).noise
        let probLB = try required(probLB, "prob_lb"), radius = try required(radius, "radius")
        guard count >= 0 else { throw CAPIError(.invalidArgument, "count must be ≥ 0, got \(count)") }
        _ = try noise.certify(0.5, adv: adv)  // the adversary and the certificate's existence, even for count 0
        let rhos = Array(UnsafeBufferPointer(start: probLB, count: Int(count)))
        for (i, rho) in rhos.enumerated() where rho.isNaN || rho < 0 || rho > 1 {
            throw CAPIError(.invalidArgument, "prob_lb[\(i)] = \(rho) is not in [0, 1]")
        }
        let radii = try noise.certify(rhos, adv: adv)
        for (i, r) in radii.enumerated() { radius[i] = r }
    }
}
