import Foundation
import RS4ANumerics

/// The exact Laplace ℓ∞ radius (NOISES.md, differential method with the binomial Ψ) at λ = 1.
///
/// With X_n ~ Binomial(n, ½), s_K = P(X_d > K) and K = isf(p), the spec's
/// Ψ(p) = c(p − φ_d(c)) + d·φ_{d−1}(c − ½) − d·φ_d(c), c = 2K − d, reads
/// Ψ(p) = c·(p − s_K) + A_K with A_K = d·(P(X_{d−1} ≥ K) − s_K) = (d/2)·P(X_{d−1} = K)
/// (condition X_d = X_{d−1} + Bernoulli(½) on the last coordinate). Ψ is linear in p on each
/// piece (s_K, s_{K−1}], so ∫ dp/Ψ is exact per piece: log1p(c·Δp/Ψ(p₁))/c (Δp/A_K when c = 0).
/// No quadrature error: the only errors are those of the binomial tail values (1e-12 relative,
/// Special's golden tolerance), which reach R at most at that size: certified values are
/// lowered by `margin`.
struct LaplaceLinf: Sendable {
    /// Bump when the pieces or the margin change: old cache files then mismatch.
    static let version = 2
    /// Relative lowering of certified radii: 10× the binomial functions' accuracy.
    static let margin = 1e-11
    /// Pieces are built down to this p: below 2⁻⁵³, the smallest 1 − ρ of a Double ρ < 1.
    static let smallestTail = 0x1p-54
    let d: Int
    /// Pieces ordered by decreasing p: piece m has index K_m = kStart + m and covers
    /// p ∈ (tail[m], upper[m]] with upper[0] = ½, upper[m] = tail[m − 1].
    private let kStart: Int
    private let tail: [Double]        // s_K
    private let upper: [Double]
    private let amplitude: [Double]   // A_K
    private let cumulative: [Double]  // ∫_{tail[m]}^{½} dp/Ψ

    /// The pieces for d (built on first use, shared per d and process).
    static func shared(d: Int) throws -> LaplaceLinf { try cache.value(for: d) { try LaplaceLinf(d: d) } }
    private static let cache = SharedBuildCache<Int, LaplaceLinf>()

    /// Builds the pieces down to p = `smallestP` (the default covers every ρ < 1 a Double holds),
    /// or down to p = 0 when K reaches d first (small d: P(X_d > K) stays above 2⁻⁵⁴ until then).
    /// The piece K = d has s_d = 0 and A_d = 0, so Ψ(p) = d·p there: the radius grows like
    /// ln(1/(1 − ρ))/d as ρ → 1 and has no finite cumulative value at its lower end.
    init(d: Int, smallestP: Double = LaplaceLinf.smallestTail) throws {
        guard d >= 2 else {
            throw NoiseError.noCertificate("the binomial Laplace ℓ∞ radius needs dim ≥ 2 (in one dimension ℓ∞ = ℓ1), got \(d)")
        }
        self.d = d
        let full = try BinomialDistribution(n: d, p: 0.5)
        let reduced = try BinomialDistribution(n: d - 1, p: 0.5)
        // K at p just below ½: the smallest K with s_K < ½.
        var k = d / 2
        while k > 0 && full.sf(k - 1) < 0.5 { k -= 1 }
        while full.sf(k) >= 0.5 { k += 1 }
        kStart = k
        var tail: [Double] = [], upper: [Double] = [], amplitude: [Double] = [], cumulative: [Double] = []
        var top = 0.5, total = 0.0
        while true {
            let s = full.sf(k)
            let a = 0.5 * Double(d) * reduced.pmf(k)
            let last = k >= d
            guard s.isFinite, a.isFinite, s < top, last ? (s == 0 && a == 0) : a > 0 else {
                throw NoiseError.tableFailure("Laplace ℓ∞: binomial tail values failed at K = \(k) (sf = \(s), pmf term = \(a))")
            }
            total = last ? .infinity : total + LaplaceLinf.pieceIntegral(c: Double(2 * k - d), s: s, a: a, from: s, to: top)
            tail.append(s); upper.append(top); amplitude.append(a); cumulative.append(total)
            if last || s <= smallestP { break }
            top = s
            k += 1
        }
        self.tail = tail; self.upper = upper; self.amplitude = amplitude; self.cumulative = cumulative
    }

    /// ∫_{p1}^{p2} dp / (c(p − s) + a).
    static func pieceIntegral(c: Double, s: Double, a: Double, from p1: Double, to p2: Double) -> Double {
        guard p2 > p1 else { return 0 }
        let base = c * (p1 - s) + a
        return c == 0 ? (p2 - p1) / a : log1p(c * (p2 - p1) / base) / c
    }

    /// R(ρ) lowered by `margin`: never above the exact radius.
    func certifiedRadius(_ rho: Double) -> Double { radius(rho) * (1 - LaplaceLinf.margin) }

    /// Exact R(ρ) at λ = 1 for ρ ∈ (½, 1]: ∫_{1−ρ}^{½} dp/Ψ(p) (a lower bound below `smallestP`).
    func radius(_ rho: Double) -> Double {
        guard rho > 0.5 else { return 0 }
        let p = 1 - rho
        // First piece m with tail[m] < p (tails decrease with m).
        var lo = 0, hi = tail.count - 1
        if p <= tail[hi] {
            // Below the last piece: the remaining integral is unbounded as p → 0 (radius → ∞).
            return p == 0 ? .infinity : cumulative[hi] + LaplaceLinf.pieceIntegral(
                c: Double(2 * (kStart + hi) - d), s: tail[hi], a: amplitude[hi], from: p, to: tail[hi]) // lower bound beyond the pieces
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if tail[mid] < p { hi = mid } else { lo = mid + 1 }
        }
        let m = lo
        let before = m == 0 ? 0 : cumulative[m - 1]
        return before + LaplaceLinf.pieceIntegral(c: Double(2 * (kStart + m) - d), s: tail[m], a: amplitude[m], from: p, to: upper[m])
    }

    /// The table on `RhoGrid.differential()` (certified values at the grid points).
    func table() throws -> RadiusTable {
        let rho = RhoGrid.differential()
        let radius = rho.map { $0 == 0.5 ? 0 : self.certifiedRadius($0) }
        return try RadiusTable(rho: rho, radius: radius)
    }
}
