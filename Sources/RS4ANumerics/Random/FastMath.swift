// Branch-free Float32 approximations used by the bulk samplers, 16 lanes at a time.
// Accuracy (checked end to end against Double references in RandomSamplerAccuracyTests):
// `log` has relative error below 3e-7 on the sampler inputs [2⁻³², 1]; sine and cosine
// have absolute error below 2e-7.

typealias Lanes = SIMD16<Float>
typealias IntLanes = SIMD16<Int32>
typealias WordLane = SIMD16<UInt32>

enum FastMath {
    /// Uniform in [0, 1) on the grid k·2⁻²⁴ from the top 24 bits of each word.
    @inline(__always)
    static func unitHalfOpen(_ w: WordLane) -> Lanes {
        Lanes(IntLanes(truncatingIfNeeded: w &>> 8)) * 0x1p-24
    }

    /// Uniform in (0, 1] as (k + ½)·2⁻³¹ from the top 31 bits (k < 2²³ exact; larger k
    /// rounded to Float's 24-bit precision, which can give exactly 1). Never 0, so its log is
    /// finite: the smallest value 2⁻³² bounds −ln u by 22.18.
    @inline(__always)
    static func unitOpenClosed(_ w: WordLane) -> Lanes {
        (Lanes(IntLanes(truncatingIfNeeded: w &>> 1)) + 0.5) * 0x1p-31
    }

    /// Natural log of positive normal floats. x = 2ᵉ·m with m in [√½, √2); ln m from the
    /// atanh series in t = (m − 1)/(m + 1), |t| ≤ 0.1716, through t⁹ (truncation < 3e-9);
    /// e·ln 2 in two parts (Cody–Waite) so the sum keeps full relative precision.
    @inline(__always)
    static func log(_ x: Lanes) -> Lanes {
        let bits = unsafeBitCast(x, to: WordLane.self)
        var exponent = IntLanes(truncatingIfNeeded: bits &>> 23) &- 127
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: Lanes.self)
        let big = m .> 1.41421356
        m.replace(with: m * 0.5, where: big)
        exponent.replace(with: exponent &+ 1, where: big)
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        var series = Lanes(repeating: 1.0 / 9.0)
        series = series * t2 + 1.0 / 7.0
        series = series * t2 + 1.0 / 5.0
        series = series * t2 + 1.0 / 3.0
        series = series * t2 + 1.0
        let logM = 2 * t * series
        let e = Lanes(exponent)
        return e * 0.693_145_751_953_125 + (logM + e * 1.428_606_765_330_187_045e-6)
    }

    /// (cos θ, sin θ) for θ uniform on the circle, from a 32-bit word: the top two bits pick a
    /// quarter turn q, the next 24 an angle φ in (−π/4, π/4) on a symmetric grid, and
    /// θ = φ + q·π/2. Taylor polynomials on |φ| ≤ π/4 (truncation < 2e-9).
    @inline(__always)
    static func cosSinUniformAngle(_ w: WordLane) -> (cos: Lanes, sin: Lanes) {
        let fraction = Lanes(IntLanes(truncatingIfNeeded: (w &<< 2) &>> 8))   // 0 ..< 2²⁴
        let phi = (fraction - 8_388_607.5) * (Float.pi / 2 * 0x1p-24)         // exact centring
        let p2 = phi * phi
        var s = Lanes(repeating: 1.0 / 362_880.0)
        s = s * p2 - 1.0 / 5040.0
        s = s * p2 + 1.0 / 120.0
        s = s * p2 - 1.0 / 6.0
        let sinPhi = phi + phi * p2 * s
        var c = Lanes(repeating: -1.0 / 3_628_800.0)
        c = c * p2 + 1.0 / 40320.0
        c = c * p2 - 1.0 / 720.0
        c = c * p2 + 1.0 / 24.0
        c = c * p2 - 0.5
        let cosPhi = 1 + p2 * c
        // Rotate (cos φ, sin φ) by q quarter turns: odd q swaps the pair; the x sign flips
        // for q ∈ {1, 2}, the y sign for q ∈ {2, 3}.
        let q = w &>> 30
        let swap = (q & 1) .== 1
        var x = cosPhi, y = sinPhi
        x.replace(with: sinPhi, where: swap)
        y.replace(with: cosPhi, where: swap)
        let xSign = ((q ^ (q &>> 1)) & 1) &<< 31
        let ySign = (q &>> 1) &<< 31
        x = unsafeBitCast(unsafeBitCast(x, to: WordLane.self) ^ xSign, to: Lanes.self)
        y = unsafeBitCast(unsafeBitCast(y, to: WordLane.self) ^ ySign, to: Lanes.self)
        return (x, y)
    }
}
