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
    /// Returns `.nan` for z outside [0, 1], non-finite parameters, or c a non-positive
    /// integer. Accuracy limit: for z > 0.999 with s within 0.05 of an integer (but not
    /// within rounding of it) the two 15.3.6 terms cancel and about
    /// log10(1/|s − round(s)|) digits are lost (for 0.75 < z ≤ 0.999 the series is used).
    public static func hyp2f1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        guard a.isFinite, b.isFinite, c.isFinite, z >= 0, z <= 1 else { return .nan }
        if c <= 0 && c == c.rounded() { return .nan }
        if z == 0 || a == 0 || b == 0 { return 1 }
        // A non-positive integer a or b makes the series a polynomial: sum it exactly.
        if (a < 0 && a == a.rounded()) || (b < 0 && b == b.rounded()) {
            return hypergeometricSeries(a, b, c, z) ?? .nan
        }
        let s = c - a - b
        if z == 1 {
            if s > 0 {
                let (l1, s1) = signedLogGamma(c)
                let (l2, s2) = signedLogGamma(s)
                let (l3, s3) = signedLogGamma(c - a)
                let (l4, s4) = signedLogGamma(c - b)
                if s3 == 0 || s4 == 0 { return 0 }
                return s1 * s2 * s3 * s4 * exp(l1 + l2 - l3 - l4)
            }
            return (a > 0 && b > 0 && c > 0) ? .infinity : .nan
        }
        if z <= 0.75 { return hypergeometricSeries(a, b, c, z) ?? .nan }
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

/// Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, or nil if it has not converged after 10⁶ terms.
private func hypergeometricSeries(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
    var term = 1.0
    var sum = 1.0
    var n = 0.0
    while n < 1_000_000 {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        sum += term
        if term == 0 || !term.isFinite { return term == 0 ? sum : nil }
        // Stop once the terms are decreasing and negligible.
        if abs(term) <= 1e-17 * abs(sum) && abs((a + n + 1) * (b + n + 1) * z) < abs((c + n + 1) * (n + 2)) {
            return sum
        }
        n += 1
    }
    return nil
}

/// A&S 15.3.6 for non-integer s = c − a − b:
/// F = Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) F(a, b; 1−s; w) + w^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) F(c−a, c−b; 1+s; w).
private func hyp2f1Reflected(_ a: Double, _ b: Double, _ c: Double, _ s: Double, _ w: Double) -> Double {
    let (lc, sc) = signedLogGamma(c)
    let (ls, ss) = signedLogGamma(s)
    let (lms, sms) = signedLogGamma(-s)
    let (lca, sca) = signedLogGamma(c - a)
    let (lcb, scb) = signedLogGamma(c - b)
    let (la, sa) = signedLogGamma(a)
    let (lb, sb) = signedLogGamma(b)
    var total = 0.0
    if sca != 0 && scb != 0 {
        let coefficient = sc * ss * sca * scb * exp(lc + ls - lca - lcb)
        guard let f = hypergeometricSeries(a, b, 1 - s, w) else { return .nan }
        total += coefficient * f
    }
    if sa != 0 && sb != 0 {
        let coefficient = sc * sms * sa * sb * exp(lc + lms - la - lb + s * log(w))
        guard let f = hypergeometricSeries(c - a, c - b, 1 + s, w) else { return .nan }
        total += coefficient * f
    }
    return total
}

/// A&S 15.3.10–15.3.12: c = a + b + m for an integer m (logarithmic case), w = 1 − z.
private func hyp2f1IntegerGap(_ a: Double, _ b: Double, _ m: Int, _ w: Double) -> Double {
    let lnw = log(w)
    if m == 0 {
        // F = Γ(a+b)/(Γ(a)Γ(b)) Σ (a)ₙ(b)ₙ/(n!)² [2ψ(n+1) − ψ(a+n) − ψ(b+n) − ln w] wⁿ
        let (lab, sab) = signedLogGamma(a + b)
        let (la, sa) = signedLogGamma(a)
        let (lb, sb) = signedLogGamma(b)
        let prefactor = sab * sa * sb * exp(lab - la - lb)
        return prefactor * logarithmicSeries(a, b, 0, w, lnw)
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
        var finite = 0.0
        if sam != 0 && sbm != 0 {
            finite = sc * sam * sbm * exp(lgammaValue(md) + lc - lam - lbm)
                * finiteSum(a, b, mm, w)
        }
        var infinite = 0.0
        if sa != 0 && sb != 0 {
            infinite = sign * sc * sa * sb * exp(lc - la - lb + md * lnw)
                * logarithmicSeries(a + md, b + md, mm, w, lnw)
        }
        return finite + infinite
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
    var finite = 0.0
    if sa != 0 && sb != 0 {
        finite = sc * sa * sb * exp(lgammaValue(md) + lc - la - lb - md * lnw)
            * finiteSum(a - md, b - md, mm, w)
    }
    var infinite = 0.0
    if sam != 0 && sbm != 0 {
        infinite = sign * sc * sam * sbm * exp(lc - lam - lbm)
            * logarithmicSeries(a, b, mm, w, lnw)
    }
    return finite + infinite
}

/// Σ_{n<m} (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ.
private func finiteSum(_ a: Double, _ b: Double, _ m: Int, _ w: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    let md = Double(m)
    var n = 0
    while n < m - 1 {
        let nd = Double(n)
        term *= (a + nd) * (b + nd) / ((nd + 1) * (1 - md + nd)) * w
        sum += term
        n += 1
    }
    return sum
}

/// For m = 0: Σ (a)ₙ(b)ₙ/(n!)² [2ψ(n+1) − ψ(a+n) − ψ(b+n) − ln w] wⁿ.
/// For m > 0: −Σ (a)ₙ(b)ₙ/(n!(n+m)!) [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n) + ψ(b+n)] wⁿ
/// (the sign folded in so both cases read "prefactor × series").
private func logarithmicSeries(_ a: Double, _ b: Double, _ m: Int, _ w: Double, _ lnw: Double) -> Double {
    let md = Double(m)
    var psiN1 = digamma(1)                 // ψ(n + 1)
    var psiNM1 = digamma(md + 1)           // ψ(n + m + 1)
    var psiA = digamma(a)                  // ψ(a + n)
    var psiB = digamma(b)                  // ψ(b + n)
    var coefficient = exp(-lgammaValue(md + 1))   // (a)ₙ(b)ₙ/(n!(n+m)!) at n = 0
    var sum = 0.0
    var n = 0.0
    while n < 100_000 {
        let bracket = psiN1 + psiNM1 - psiA - psiB - lnw
        let term = coefficient * bracket
        sum += term
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
    return sum
}
