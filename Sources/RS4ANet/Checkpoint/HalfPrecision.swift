/// Exact widening conversions of the 16-bit float formats to Float32.
/// Written on bit patterns so results are identical on every platform
/// (including subnormals, infinities, signed zeros and NaN payloads).
enum HalfPrecision {
    /// IEEE 754 binary16 → binary32 (exact: every half value is a float value).
    @inline(__always)
    static func floatFromFloat16Bits(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = UInt32((h >> 10) & 0x1f)
        let mantissa = UInt32(h & 0x3ff)
        if exponent == 0 {
            // Zero or subnormal: value = mantissa · 2⁻²⁴, exact in binary32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 0x1f {
            // Infinity or NaN; keep the payload in the top mantissa bits.
            return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// bfloat16 → binary32: bfloat16 is the top half of a binary32 pattern.
    @inline(__always)
    static func floatFromBFloat16Bits(_ b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }
}
