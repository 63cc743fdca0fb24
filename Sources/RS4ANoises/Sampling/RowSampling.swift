import Foundation
import RS4ANumerics

// Building blocks for one row of noise. Each row's stream is split into three
// independent children: `scalars` (signs and the chosen cube face), `bulk` (the
// vectorised per-coordinate fills) and `radial` (the radius of spherical noises).

enum RowSampling {
    @inline(__always) static func scalars(_ row: RandomStream) -> RandomSource { row.substream(0).makeSource() }
    @inline(__always) static func bulk(_ row: RandomStream) -> RandomStream { row.substream(1) }
    @inline(__always) static func radial(_ row: RandomStream) -> RandomSource { row.substream(2).makeSource() }

    /// `radius · u∞`: u∞ uniform on the surface of [-1, 1]^d (every coordinate U[-1, 1],
    /// then one uniformly chosen coordinate set to ±1 with a fair sign). A radius of 0 or ∞ in
    /// Float32 (radial laws with extreme shapes) gives 0 or ±∞ coordinates, never the NaN the
    /// uniform fill writes for an empty or infinite range.
    static func cubeSurface(_ out: UnsafeMutableBufferPointer<Float>, radius: Double, row: RandomStream) {
        let r = Float(radius)
        if r == 0 {
            for i in out.indices { out[i] = 0 }
            return
        }
        if r.isInfinite {
            Samplers.fillUniform(out, low: -1, high: 1, stream: bulk(row))
            for i in out.indices where out[i] != 0 { out[i] = out[i] < 0 ? -r : r }
        } else {
            Samplers.fillUniform(out, low: -r, high: r, stream: bulk(row))
        }
        var source = scalars(row)
        let face = min(Int(source.nextUniform() * Double(out.count)), out.count - 1)
        out[face] = (source.next() & 1 == 0) ? r : -r
    }

    /// `radius · u₂`: u₂ uniform on the unit ℓ2 sphere (a normalised standard normal vector).
    static func l2Sphere(_ out: UnsafeMutableBufferPointer<Float>, radius: Double, row: RandomStream) {
        Samplers.fillNormal(out, mean: 0, std: 1, stream: bulk(row))
        var sumSquares = 0.0
        for v in out { sumSquares += Double(v) * Double(v) }
        let scale = sumSquares > 0 ? radius / sumSquares.squareRoot() : 0
        if scale.isInfinite {   // an infinite radius: ±∞ along the direction (0 stays 0, not NaN)
            for i in out.indices where out[i] != 0 { out[i] = out[i] < 0 ? -.infinity : .infinity }
            return
        }
        for i in out.indices { out[i] = Float(Double(out[i]) * scale) }
    }

    /// `radius · u₁`: u₁ uniform on the unit ℓ1 sphere (Dirichlet(1, …, 1) with fair signs).
    static func l1Sphere(_ out: UnsafeMutableBufferPointer<Float>, radius: Double, row: RandomStream) {
        Samplers.fillDirichletOnes(out, stream: bulk(row))
        var source = scalars(row)
        applySignsAndScale(out, scale: Float(radius), source: &source)
    }

    /// Multiplies each value by `scale` and an independent fair sign (64 signs per word).
    static func applySignsAndScale(_ out: UnsafeMutableBufferPointer<Float>, scale: Float, source: inout RandomSource) {
        var bits: UInt64 = 0
        for i in out.indices {
            if i & 63 == 0 { bits = source.next() }
            out[i] *= (bits & 1 == 0) ? scale : -scale
            bits >>= 1
        }
    }
}
