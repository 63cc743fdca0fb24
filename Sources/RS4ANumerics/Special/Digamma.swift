#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// Digamma ψ(x) = Γ′(x)/Γ(x) for real x; `.nan` at the poles 0, −1, −2, … and for NaN.
    public static func digamma(_ x: Double) -> Double { digammaValue(x) }
}

/// Digamma ψ(x) = Γ′(x)/Γ(x) for real x (poles at 0, −1, −2, … give `.nan`).
func digamma(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x <= 0 {
        if x == x.rounded() { return .nan }
        // Reflection: ψ(x) = ψ(1 − x) − π cot(πx); πx reduced to keep cot accurate.
        let r = x - x.rounded()
        return digamma(1 - x) - Double.pi / tan(Double.pi * r)
    }
    var y = x
    var acc = 0.0
    while y < 10 {
        acc -= 1 / y
        y += 1
    }
    // ψ(y) = ln y − 1/(2y) − Σ B₂ₖ/(2k y^{2k}), 8 terms for y ≥ 10.
    let r2 = 1 / (y * y)
    var s = -3617.0 / 8160.0
    s = s * r2 + 1.0 / 12.0
    s = s * r2 - 691.0 / 32760.0
    s = s * r2 + 1.0 / 132.0
    s = s * r2 - 1.0 / 240.0
    s = s * r2 + 1.0 / 252.0
    s = s * r2 - 1.0 / 120.0
    s = s * r2 + 1.0 / 12.0
    return acc + log(y) - 0.5 / y - s * r2
}

/// The module-level ψ under a name the `Special.digamma` wrapper can call.
@inline(__always)
private func digammaValue(_ x: Double) -> Double { digamma(x) }

/// (ln|Γ(x)|, sign Γ(x)) for real x; sign 0 at the poles (where 1/Γ = 0).
func signedLogGamma(_ x: Double) -> (log: Double, sign: Double) {
    if x <= 0 && x == x.rounded() { return (.infinity, 0) }
    var sign: Int32 = 0
    let l = lgamma_r(x, &sign)
    return (l, Double(sign))
}
