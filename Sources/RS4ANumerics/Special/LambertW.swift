#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// Principal branch W₀(x) of the Lambert W function (w·e^w = x, w ≥ −1) for
    /// x ≥ −1/e (−1 for x within an ulp below −1/e, e.g. the double nearest −1/e);
    /// +∞ at +∞. `.nan` for x < −1/e − 5.6e-17 or NaN. Stable up to the largest double
    /// (large arguments are solved as w + ln w = ln x, never forming e^w).
    public static func lambertW0(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return .infinity }
        if x == 0 { return 0 }
        // Distance to the branch point x + 1/e, with 1/e carried in two parts.
        let shifted = (x + expMinus1Hi) + expMinus1Lo
        // The double nearest −1/e lies 1.2e-17 below it: treat anything within an ulp
        // of the branch point as the branch point itself (W = −1).
        if shifted < 0 { return shifted >= -5.6e-17 ? -1 : .nan }
        if shifted < 0.03 { return -1 + lambertBranchOffset(shifted) }
        if x > 3 { return lambertW0OfExp(log(x)) }
        var w: Double
        if x > 0 {
            let l = log1p(x)
            w = l * (1 - log1p(l) / (2 + l))
        } else {
            w = x * (1 - x + 1.5 * x * x)
        }
        // Halley on w e^w − x (f″/f′ = (w + 2)/(w + 1)); the start is within a few %.
        for _ in 0..<30 {
            let ew = exp(w)
            let f = w * ew - x
            if f == 0 { break }
            let wp1 = w + 1
            let step = f / (ew * wp1 - (w + 2) * f / (2 * wp1))
            if !step.isFinite { break }
            w -= step
            if abs(step) <= 4e-16 * abs(w) { break }
        }
        return w
    }

    /// W₀(e^q) without forming e^q: the w with w + ln w = q. Lets callers evaluate W₀
    /// of arguments far beyond the double range (q up to ~10³⁰⁰).
    /// `.nan` for NaN; +∞ for q = +∞; 0 for q = −∞.
    public static func lambertW0OfExp(_ q: Double) -> Double {
        if q.isNaN { return .nan }
        if q == .infinity { return .infinity }
        if q == -.infinity { return 0 }
        if q < 1 { return lambertW0(exp(q)) }
        // Halley on f(w) = w + ln w − q (f′ = 1 + 1/w, f″/f′ = −1/(w(w + 1))),
        // from the asymptotic form q − ln q + ln q / q (W ≥ 1 here since q ≥ 1).
        let lq = log(q)
        var w = q > 3 ? q - lq + lq / q : 0.5 * (q + 1)
        for _ in 0..<50 {
            let f = w + log(w) - q
            let u = f / (1 + 1 / w)
            let step = u / (1 + 0.5 * u / (w * (w + 1)))
            w -= step
            if abs(step) <= 2e-16 * w { break }
        }
        return w
    }
}

let expMinus1Hi = 0.36787944117144233
let expMinus1Lo = -1.2428753672788363e-17

/// δ = W₀(x) + 1 near the branch point, from s = x + 1/e ≥ 0 (s < 0.03).
/// Solves e^{−1}·g(δ) = s with g(δ) = δe^δ − expm1(δ) = Σ_{n≥2} (n − 1)δⁿ/n!, a form
/// without cancellation, so δ keeps full relative accuracy as s → 0.
private func lambertBranchOffset(_ s: Double) -> Double {
    if s == 0 { return 0 }
    let e = 2.718281828459045
    // Series start: δ ≈ p − p²/3 + 11p³/72 − 43p⁴/540, p = √(2es).
    let p = (2 * e * s).squareRoot()
    var d = p * (1 + p * (-1.0 / 3 + p * (11.0 / 72 - p * 43.0 / 540)))
    for _ in 0..<20 {
        var term = d * d / 2   // n = 2 term of g: (n−1)δⁿ/n!
        var g = term
        var power = d * d
        var factorial = 2.0
        var n = 3.0
        while n < 60 {
            power *= d
            factorial *= n
            term = (n - 1) * power / factorial
            g += term
            if term <= 1e-17 * g { break }
            n += 1
        }
        let f = g / e - s
        let fp = d * exp(d) / e            // g′(δ) = δ e^δ
        if fp == 0 { break }
        let u = f / fp
        let step = u / (1 - 0.5 * u * (1 + d) / d)   // Halley, g″/g′ = (1 + δ)/δ
        d -= step
        if abs(step) <= 2e-16 * abs(d) { break }
    }
    return d
}
