// Branch-free Float32 kernels of the bulk samplers, 4 lanes at a time (one SSE register
// each, so the polynomials run without spilling). Polynomial coefficients are minimax fits
// from scripts/random/fastmath_coefficients.py. End-to-end accuracy against Double
// references is checked in RandomAccuracyTests.

import CRS4AVectorMath

typealias Lanes = SIMD4<Float>
typealias IntLanes = SIMD4<Int32>
typealias WordLane = SIMD4<UInt32>

enum FastMath {
    /// Int32 → Float lane by lane. Written as a loop because the generic SIMD initializer is
    /// not always inlined (then it is a call per vector); this loop compiles to cvtdq2ps.
    @inline(__always)
    static func float(_ v: IntLanes) -> Lanes {
        var result = Lanes()
        for i in 0..<Lanes.scalarCount { result[i] = Float(v[i]) }
        return result
    }

    @inline(__always)
    static func bits(_ x: Lanes) -> WordLane { unsafeBitCast(x, to: WordLane.self) }

    @inline(__always)
    static func lanes(_ bits: WordLane) -> Lanes { unsafeBitCast(bits, to: Lanes.self) }

    /// Uniform in [0, 1) on the grid k·2⁻²⁴ from the top 24 bits of each word.
    @inline(__always)
    static func unitHalfOpen(_ w: WordLane) -> Lanes {
        float(IntLanes(truncatingIfNeeded: w &>> 8)) * 0x1p-24
    }

    /// −ln u for u = (k + ½)·2⁻³¹, k the top 31 bits of the word (k + ½ rounded to Float, so
    /// u can be exactly 1 and the result +0). Never infinite: u ≥ 2⁻³² gives at most 22.18.
    ///
    /// With v = k + ½ = 2ᴱ·m, m in [√½, √2) (exponent split as in musl's logf, no branches):
    /// −ln u = n·ln 2 − ln m with n = 31 − E ≥ 0, and −ln m = 2 atanh(t), t = (1 − m)/(1 + m),
    /// |t| ≤ 0.1716, by a minimax polynomial (relative error < 2e-9 before rounding). n·ln 2
    /// is split in two parts (Cody–Waite) so the sum keeps full relative precision.
    /// Relative error: tested bound 3e-7 (measured 1.96e-7 over 2²⁰ words, RandomAccuracyTests).
    @inline(__always)
    static func minusLogUnit31(_ w: WordLane) -> Lanes {
        let v = float(IntLanes(truncatingIfNeeded: w &>> 1)) + 0.5
        let shifted = IntLanes(truncatingIfNeeded: bits(v)) &- 0x3F35_04F3      // bits of √½
        let exponent = shifted &>> 23                                            // arithmetic
        let m = lanes(WordLane(truncatingIfNeeded: (shifted & 0x007F_FFFF) &+ 0x3F35_04F3))
        let n = float(31 &- exponent)
        let t = (1 - m) / (1 + m)
        let t2 = t * t
        var series = Lanes(repeating: 2.970_472_574e-01)
        series = series * t2 + 3.998_588_920e-01
        series = series * t2 + 6.666_668_057e-01
        series = series * t2 + 2
        let minusLogM = t * series
        return n * 0.693_145_751_953_125 + (n * 1.428_606_765_330_187_045e-6 + minusLogM)
    }

    /// Correctly rounded √y per lane (one vector instruction via CRS4AVectorMath; Swift's
    /// `squareRoot()` keeps libm errno semantics on Linux and is scalarised into calls).
    @inline(__always)
    static func squareRoot(_ y: Lanes) -> Lanes {
        rs4a_sqrt_float4(y)
    }

    /// √2·(cos θ, sin θ) for an angle θ = π/4 + ψ uniform in the first quadrant, ψ from bits
    /// 29…6 of the word f as ψ = (f − 8388607.5)·(π/2)·2⁻²⁴ (a grid symmetric about 0, so
    /// |ψ| < π/4 and both results are positive). Computed as (cos ψ − sin ψ, cos ψ + sin ψ)
    /// with minimax polynomials (absolute error < 6e-9 before rounding).
    /// Bits 31 and 30 are left for the caller's quadrant signs.
    @inline(__always)
    static func cosSinFirstQuadrantTimesRoot2(_ w: WordLane) -> (cos: Lanes, sin: Lanes) {
        let fraction = float(IntLanes(truncatingIfNeeded: (w &<< 2) &>> 8))     // 0 ..< 2²⁴
        let psi = (fraction - 8_388_607.5) * (Float.pi / 2 * 0x1p-24)           // exact centring
        let p2 = psi * psi
        var s = Lanes(repeating: -1.956_007_472e-04)
        s = s * p2 + 8.332_638_070e-03
        s = s * p2 - 1.666_666_716e-01
        let sinPsi = psi + psi * p2 * s
        var c = Lanes(repeating: 2.439_828_859e-05)
        c = c * p2 - 1.388_695_790e-03
        c = c * p2 + 4.166_663_811e-02
        c = c * p2 - 0.5
        let cosPsi = 1 + p2 * c
        return (cosPsi - sinPsi, cosPsi + sinPsi)
    }
}
