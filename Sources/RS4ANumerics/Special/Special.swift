#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Special functions in Float64.
///
/// Every function here is total: an argument outside the documented domain
/// returns `.nan` (never a trap), and every iteration is capped.
public enum Special {
    /// Inverse hyperbolic tangent for `-1 ≤ x ≤ 1` (±∞ at ±1); `.nan` for `|x| > 1` or NaN.
    public static func atanh(_ x: Double) -> Double {
        guard x >= -1, x <= 1 else { return .nan }
        // The C library's atanh is correctly rounded to within an ulp on the whole domain.
        return libmAtanh(x)
    }
}

@inline(__always) func libmAtanh(_ x: Double) -> Double {
    #if canImport(Darwin)
    return Darwin.atanh(x)
    #elseif canImport(Glibc)
    return Glibc.atanh(x)
    #else
    return Musl.atanh(x)
    #endif
}
