#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Special {
    /// Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and 0 ≤ z ≤ 1.
    ///
    /// - z ≤ 0.75: the defining series.
    /// - 0.75 < z < 1: the linear transformation to 1 − z (Abramowitz & Stegun 15.3.6),
    ///   and its logarithmic limits 15.3.10–15.3.12 when s = c − a − b is an integer
    ///   (within rounding, e.g. the Pareto certificate's ₂F₁(1, β; β + 1; z), s = 0),
    ///   so convergence is fast right up to z = 1 − 1e-15.
    /// - z = 1: Gauss's sum Γ(c)Γ(s)/(Γ(c − a)Γ(c − b)) when s > 0; +∞ when s ≤ 0
    ///   and a, b, c > 0 (the series diverges).
    ///
    /// - a or b a negative integer −N: the polynomial. When its alternating terms cancel
    ///   (more than 4 digits), it is summed as (1 − z)^N·F(−N, c − b; c; z/(z − 1)), whose
    ///   terms all have one sign when c > 0 and c − b > 0, in log scale (e.g. N = 10⁶).
    /// - Every route tracks the magnitude of what it adds up. When a, b, c > 0 (every term of
    ///   the defining series positive, so F ≥ 1) and the route above overflowed or cancelled by
    ///   more than 4 digits (huge parameters, e.g. a = b = 10⁶ or a = b = 100 near z = 1), the
    ///   defining series is summed in log scale instead (up to 10⁷ terms); a true value above
    ///   the largest double is returned as +∞.
    ///
    /// Returns `.nan` for z outside [0, 1], non-finite parameters, or c a non-positive
    /// integer, and where no route above is accurate: cancellation by more than 4 digits
    /// that no positive form avoids (a polynomial with c ≤ 0, c − b ≤ 0 or z = 1; a, b or c
    /// negative), or a positive series that does not converge within its term budget.
    /// Accuracy limit: for z > 0.999 with s within 0.05 of an integer (but not
    /// within rounding of it) the two 15.3.6 terms cancel and about
    /// log10(1/|s − round(s)|) digits are lost (for 0.75 < z ≤ 0.999 the series is used).
    public static func hyp2f1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        guard a.isFinite, b.isFinite, c.isFinite, z >= 0, z <= 1 else { return .nan }
        if c <= 0 && c == c.rounded() { return .nan }
        if z == 0 || a == 0 || b == 0 { return 1 }
        // A non-positive integer a or b makes the series a polynomial.
        if a < 0 && a == a.rounded() { return hyp2f1Polynomial(a, b, c, z) }
        if b < 0 && b == b.rounded() { return hyp2f1Polynomial(b, a, c, z) }
        let (value, magnitude) = hyp2f1Transformed(a, b, c, z)
        let accurate = value.isFinite && magnitude <= maximumCancellation * abs(value)
        if a > 0 && b > 0 && c > 0 && z < 1 && !(accurate && value >= 1) {
            return hyp2f1PositiveTerms(a, b, c, z)
        }
        if z == 1 && value.isInfinite { return value }   // divergent sum at z = 1 (s ≤ 0)
        return accurate ? value : .nan
    }

    /// How much larger than |F| the magnitude of its parts may be (4 digits lost at most).
    static let maximumCancellation = 1e4

    /// The routes by z for parameters that are not a polynomial case: F and the magnitude of
    /// the parts it was assembled from (Σ|terms|, times |coefficients|).
    private static func hyp2f1Transformed(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> (Double, Double) {
        let s = c - a - b
        if z == 1 {
            if s > 0 {
                let (l1, s1) = signedLogGamma(c)
                let (l2, s2) = signedLogGamma(s)
                let (l3, s3) = signedLogGamma(c - a)
                let (l4, s4) = signedLogGamma(c - b)
                if s3 == 0 || s4 == 0 { return (0, 0) }
                let v = s1 * s2 * s3 * s4 * exp(l1 + l2 - l3 - l4)
                return (v, abs(v))
            }
            return (a > 0 && b > 0 && c > 0) ? (.infinity, .infinity) : (.nan, .nan)
        }
        if z <= 0.75 { return hypergeometricSeries(a, b, c, z) ?? (.nan, .nan) }
        let w = 1 - z
        let m = s.rounded()
        let scale = max(1, abs(a), abs(b), abs(c))
        if abs(s - m) <= 64 * Double.ulpOfOne * scale && abs(m) < 1000 {
            return hyp2f1IntegerGap(a, b, Int(m), w)
        }
        if abs(s - m) < 0.05 && z <= 0.999 {
            // Near (not at) an integer the two 15.3.6 terms nearly cancel; the defining
            // series still converges here (≤ ~40 000 terms, ~40 µs).
            if let v = hypergeometricSeries(a, b, c, z) { return v }
        }
        return hyp2f1Reflected(a, b, c, s, w)
    }
}

/// F(−N, b; c; z) for an integer −N = a < 0: the terminating sum, or — when its terms cancel by
/// more than 4 digits — Pfaff's (1 − z)^N·F(−N, c − b; c; z/(z − 1)), whose terms share one sign
/// when c > 0 and c − b > 0 (then summed in log scale: N may be 10⁶; the product of the two huge
/// factors costs ~N·ε relative, 1e-10 at N = 10⁶); else NaN.
private func hyp2f1Polynomial(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
    if let (sum, magnitude) = hypergeometricSeries(a, b, c, z), magnitude <= Special.maximumCancellation * abs(sum) {
        return sum
    }
    guard c > 0, c - b > 0, z < 1 else { return .nan }
    let (logSum, converged) = positiveSeriesLog(a, c - b, c, z / (z - 1), maxTerms: 10_000_001, stopAboveMaximum: false)
    guard converged else { return .nan }
    return exp(-a * log1p(-z) + logSum)
}

/// F(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1 (every term positive) by the defining series in
/// log scale: +∞ as soon as a partial sum exceeds the largest double (the value is larger
/// still), NaN if 10⁷ terms do not converge.
private func hyp2f1PositiveTerms(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
    let (logSum, converged) = positiveSeriesLog(a, b, c, z, maxTerms: 10_000_000, stopAboveMaximum: true)
    if logSum > log(Double.greatestFiniteMagnitude) { return .infinity }
    return converged ? exp(logSum) : .nan
}

/// ln Σ (a)ₙ(b)ₙ/((c)ₙ n!) xⁿ for a series whose terms are all ≥ 0 (a finite sum when a is a
/// negative integer), summed with a running power-of-two scale so that no term overflows.
/// Stops when the terms are decreasing and negligible, after `maxTerms` terms (not converged),
/// or — with `stopAboveMaximum` — once a partial sum exceeds the largest double (not converged;
/// the caller only needs to know that).
private func positiveSeriesLog(_ a: Double, _ b: Double, _ c: Double, _ x: Double, maxTerms: Int,
                               stopAboveMaximum: Bool) -> (Double, Bool) {
    // sum·2^(600·rescalings); the scale is applied once at the end, so ln(sum) carries a single
    // rounding of the (large) scale rather than one per rescaling.
    var term = 1.0, sum = 1.0, rescalings = 0.0
    let huge = 0x1p600, lnHuge = 600 * log(2.0), lnMaximum = log(Double.greatestFiniteMagnitude)
    func logSum() -> Double { rescalings * lnHuge + log(sum) }
    var n = 0.0
    for _ in 0..<maxTerms {
        let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * x
        term *= ratio
        if term == 0 { return (logSum(), true) }
        sum += term
        if sum > huge { sum /= huge; term /= huge; rescalings += 1 }
        // Before the first rescaling sum ≤ 2^600 < the largest double: no log needed.
        if stopAboveMaximum && rescalings > 0 && logSum() > lnMaximum { return (logSum(), false) }
        // Later ratios stay below max(ratio, x) (they tend to x monotonically once n ≫ a, b, c),
        // so the rest of the series is below term·r/(1 − r).
        let r = max(ratio, x)
        if r < 1 && term * r <= 1e-17 * sum * (1 - r) { return (logSum(), true) }
        n += 1
    }
    return (logSum(), false)
}

/// Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ and Σ of the terms' magnitudes, or nil if it has not converged
/// after 10⁶ terms or a term overflowed.
private func hypergeometricSeries(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> (Double, Double)? {
    var term = 1.0
    var sum = 1.0, magnitude = 1.0
    var n = 0.0
    while n < 1_000_000 {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        sum += term
        magnitude += abs(term)
        if term == 0 || !term.isFinite { return term == 0 ? (sum, magnitude) : nil }
        // Stop once the terms are decreasing and negligible.
        if abs(term) <= 1e-17 * abs(sum) && abs((a + n + 1) * (b + n + 1) * z) < abs((c + n + 1) * (n + 2)) {
            return (sum, magnitude)
        }
        n += 1
    }
    return nil
}

/// A&S 15.3.6 for non-integer s = c − a − b:
/// F = Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) F(a, b; 1−s; w) + w^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) F(c−a, c−b; 1+s; w).
private func hyp2f1Reflected(_ a: Double, _ b: Double, _ c: Double, _ s: Double, _ w: Double) -> (Double, Double) {
    let (lc, sc) = signedLogGamma(c)
    let (ls, ss) = signedLogGamma(s)
    let (lms, sms) = signedLogGamma(-s)
    let (lca, sca) = signedLogGamma(c - a)
    let (lcb, scb) = signedLogGamma(c - b)
    let (la, sa) = signedLogGamma(a)
    let (lb, sb) = signedLogGamma(b)
    var total = 0.0, magnitude = 0.0
    if sca != 0 && scb != 0 {
        let coefficient = sc * ss * sca * scb * exp(lc + ls - lca - lcb)
        guard let (f, m) = hypergeometricSeries(a, b, 1 - s, w) else { return (.nan, .nan) }
        total += coefficient * f
        magnitude += abs(coefficient) * m
    }
    if sa != 0 && sb != 0 {
        let coefficient = sc * sms * sa * sb * exp(lc + lms - la - lb + s * log(w))
        guard let (f, m) = hypergeometricSeries(c - a, c - b, 1 + s, w) else { return (.nan, .nan) }
        total += coefficient * f
        magnitude += abs(coefficient) * m
    }
    return (total, magnitude)
}

/// A&S 15.3.10–15.3.12: c = a + b + m for an integer m (logarithmic case), w = 1 − z.
private func hyp2f1IntegerGap(_ a: Double, _ b: Double, _ m: Int, _ w: Double) -> (Double, Double) {
    let lnw = log(w)
    if m == 0 {
        // F = Γ(a+b)/(Γ(a)Γ(b)) Σ (a)ₙ(b)ₙ/(n!)² [2ψ(n+1) − ψ(a+n) − ψ(b+n) − ln w] wⁿ
        let (lab, sab) = signedLogGamma(a + b)
        let (la, sa) = signedLogGamma(a)
        let (lb, sb) = signedLogGamma(b)
        let prefactor = sab * sa * sb * exp(lab - la - lb)
        let (sum, magnitude) = logarithmicSeries(a, b, 0, w, lnw)
        return (prefactor * sum, abs(prefactor) * magnitude)
    }
    let mm = abs(m)
    let md = Double(mm)
    let sign = mm % 2 == 0 ? 1.0 : -1.0
    if m > 0 {
        // c = a + b + m:
        // F = Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ
        //   − (−1)^m Γ(a+b+m)/(Γ(a)Γ(b)) w^m Σ_n (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ
        //       × [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)]
        let (lc, sc) = signedLogGamma(a + b + md)
        let (lam, sam) = signedLogGamma(a + md)
        let (lbm, sbm) = signedLogGamma(b + md)
        let (la, sa) = signedLogGamma(a)
        let (lb, sb) = signedLogGamma(b)
        var finite = 0.0, magnitude = 0.0
        if sam != 0 && sbm != 0 {
            let coefficient = sc * sam * sbm * exp(lgammaValue(md) + lc - lam - lbm)
            let (sum, m) = finiteSum(a, b, mm, w)
            finite = coefficient * sum
            magnitude += abs(coefficient) * m
        }
        var infinite = 0.0
        if sa != 0 && sb != 0 {
            let coefficient = sign * sc * sa * sb * exp(lc - la - lb + md * lnw)
            let (sum, m) = logarithmicSeries(a + md, b + md, mm, w, lnw)
            infinite = coefficient * sum
            magnitude += abs(coefficient) * m
        }
        return (finite + infinite, magnitude)
    }
    // m < 0, c = a + b − |m|:
    // F = Γ(|m|)Γ(a+b−|m|)/(Γ(a)Γ(b)) w^{−|m|} Σ_{n<|m|} (a−|m|)ₙ(b−|m|)ₙ/(n!(1−|m|)ₙ) wⁿ
    //   − (−1)^|m| Γ(a+b−|m|)/(Γ(a−|m|)Γ(b−|m|)) Σ_n (a)ₙ(b)ₙ/(n!(n+|m|)!) wⁿ
    //       × [ln w − ψ(n+1) − ψ(n+|m|+1) + ψ(a+n) + ψ(b+n)]
    let (lc, sc) = signedLogGamma(a + b - md)
    let (la, sa) = signedLogGamma(a)
    let (lb, sb) = signedLogGamma(b)
    let (lam, sam) = signedLogGamma(a - md)
    let (lbm, sbm) = signedLogGamma(b - md)
    var finite = 0.0, magnitude = 0.0
    if sa != 0 && sb != 0 {
        let coefficient = sc * sa * sb * exp(lgammaValue(md) + lc - la - lb - md * lnw)
        let (sum, m) = finiteSum(a - md, b - md, mm, w)
        finite = coefficient * sum
        magnitude += abs(coefficient) * m
    }
    var infinite = 0.0
    if sam != 0 && sbm != 0 {
        let coefficient = sign * sc * sam * sbm * exp(lc - lam - lbm)
        let (sum, m) = logarithmicSeries(a, b, mm, w, lnw)
        infinite = coefficient * sum
        magnitude += abs(coefficient) * m
    }
    return (finite + infinite, magnitude)
}

/// Σ_{n<m} (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ and the Σ of its terms' magnitudes.
private func finiteSum(_ a: Double, _ b: Double, _ m: Int, _ w: Double) -> (Double, Double) {
    var term = 1.0
    var sum = 1.0, magnitude = 1.0
    let md = Double(m)
    var n = 0
    while n < m - 1 {
        let nd = Double(n)
        term *= (a + nd) * (b + nd) / ((nd + 1) * (1 - md + nd)) * w
        sum += term
        magnitude += abs(term)
        n += 1
    }
    return (sum, magnitude)
}

/// For m = 0: Σ (a)ₙ(b)ₙ/(n!)² [2ψ(n+1) − ψ(a+n) − ψ(b+n) − ln w] wⁿ.
/// For m > 0: −Σ (a)ₙ(b)ₙ/(n!(n+m)!) [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n) + ψ(b+n)] wⁿ
/// (the sign folded in so both cases read "prefactor × series"); and the Σ of the terms' magnitudes.
private func logarithmicSeries(_ a: Double, _ b: Double, _ m: Int, _ w: Double, _ lnw: Double) -> (Double, Double) {
    let md = Double(m)
    var psiN1 = digamma(1)                 // ψ(n + 1)
    var psiNM1 = digamma(md + 1)           // ψ(n + m + 1)
    var psiA = digamma(a)                  // ψ(a + n)
    var psiB = digamma(b)                  // ψ(b + n)
    var coefficient = exp(-lgammaValue(md + 1))   // (a)ₙ(b)ₙ/(n!(n+m)!) at n = 0
    var sum = 0.0, magnitude = 0.0
    var n = 0.0
    while n < 100_000 {
        let bracket = psiN1 + psiNM1 - psiA - psiB - lnw
        let term = coefficient * bracket
        sum += term
        magnitude += abs(term)
        let ratio = (a + n) * (b + n) / ((n + 1) * (n + md + 1)) * w
        if (abs(term) <= 1e-17 * abs(sum) && abs(ratio) < 1) || !term.isFinite { break }
        coefficient *= ratio
        psiN1 += 1 / (n + 1)
        psiNM1 += 1 / (n + md + 1)
        psiA += 1 / (a + n)
        psiB += 1 / (b + n)
        n += 1
        if coefficient == 0 { break }
    }
    return (sum, magnitude)
}
