#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Binomial(n, p): the number of successes in n independent trials.
///
/// cdf/sf go through the regularized incomplete beta
/// (P(X > k) = I_p(k + 1, n − k)), so they are accurate in both tails for n up to 10⁷
/// (~1e-12 relative up to 10⁸; the incomplete beta's continued fraction then degrades slowly:
/// ~1e-10 at n = 10¹², ~1e-8 at 10¹⁶). n is limited to 2⁵³, beyond which counts are not exact
/// in Float64.
public struct BinomialDistribution: Sendable {
    public let n: Int
    public let p: Double
    private let q: Double

    /// The largest n: 2⁵³, the last integer that every count up to it is exact in Float64.
    public static let maximumTrials = 1 << 53

    /// - Throws: `NumericsError.invalidArgument` unless 0 ≤ n ≤ 2⁵³ and p is in [0, 1].
    public init(n: Int, p: Double) throws {
        guard n >= 0, n <= Self.maximumTrials else {
            throw NumericsError.invalidArgument("n must be in 0...2^53 = 0...\(Self.maximumTrials) (counts beyond are not exact in Float64; got \(n))")
        }
        guard p >= 0, p <= 1 else {
            throw NumericsError.invalidArgument(describe("p", "in [0, 1]", p))
        }
        self.n = n
        self.p = p
        self.q = 1 - p
    }

    /// P(X = k); 0 outside 0…n. Loader's saddle-point form, accurate for huge n.
    public func pmf(_ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if q == 0 { return k == n ? 1 : 0 }
        let nd = Double(n)
        if k == 0 { return exp(nd * log1p(-p)) }
        if k == n { return exp(nd * log(p)) }
        let kd = Double(k)
        let rest = nd - kd
        let lc = stirlingError(nd) - stirlingError(kd) - stirlingError(rest)
            - deviance(kd, nd * p) - deviance(rest, nd * q)
        return exp(lc) * (nd / (2 * Double.pi * kd * rest)).squareRoot()
    }

    /// P(X ≤ k): 0 for k < 0, 1 for k ≥ n.
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return tails(k).lower
    }

    /// P(X > k): 1 for k < 0, 0 for k ≥ n.
    public func sf(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= n { return 0 }
        return tails(k).upper
    }

    /// Smallest k with sf(k) ≤ q (scipy's `binom.isf`): −1 at q = 1, n at q = 0.
    /// Returns `Int.min` for q outside [0, 1] or NaN (there is no integer NaN).
    public func isf(_ q: Double) -> Int {
        guard q >= 0, q <= 1 else { return Int.min }
        // sf underflows to 0 before k = n, but the smallest k with sf(k) ≤ 0 is n.
        if q == 0 { return n }
        return smallestK(guess: normalGuess(upperTail: q)) { self.sf($0) <= q }
    }

    /// Smallest k with cdf(k) ≥ p (scipy's `binom.ppf`): −1 at p = 0, n at p = 1.
    /// Returns `Int.min` for p outside [0, 1] or NaN.
    public func ppf(_ prob: Double) -> Int {
        guard prob >= 0, prob <= 1 else { return Int.min }
        // cdf rounds to 1 before k = n, but the smallest k with cdf(k) ≥ 1 is n.
        if prob == 1 { return n }
        return smallestK(guess: normalGuess(upperTail: 1 - prob)) { self.cdf($0) >= prob }
    }

    /// (P(X ≤ k), P(X > k)) for 0 ≤ k < n from one incomplete-beta evaluation.
    private func tails(_ k: Int) -> (lower: Double, upper: Double) {
        if p == 0 { return (1, 0) }
        if q == 0 { return (0, 1) }
        let r = incompleteBeta(Double(k + 1), Double(n - k), p, q)
        return (r.ic, r.i)
    }

    /// Normal-approximation start for the quantile search, clamped to −1…n (on the Double side
    /// before converting, so that it stays total even where Double(n) is not exact).
    private func normalGuess(upperTail u: Double) -> Int {
        let nd = Double(n)
        let z = Special.normalSFInverse(min(max(u, 1e-300), 1))
        let g = (nd * p + z * (nd * p * q).squareRoot()).rounded(.down)
        if !g.isFinite { return n / 2 }
        if g >= nd { return n }
        return Int(max(g, -1))
    }

    /// Smallest k in −1…n with `predicate(k)` true, for a predicate that is monotone
    /// (false then true) and true at n; galloping from `guess`, then bisection. Written so
    /// that no step overflows for n up to Int.max (steps are capped by the distance left).
    private func smallestK(guess: Int, _ predicate: (Int) -> Bool) -> Int {
        var lo: Int   // predicate false at lo (or lo = −2 sentinel)
        var hi: Int   // predicate true at hi
        if predicate(min(max(guess, -1), n)) {
            hi = min(max(guess, -1), n)
            var step = 1
            while true {
                let c = hi - step                        // ≥ Int.min: hi ≥ −1, step ≤ Int.max
                if c < -1 { lo = -2; break }
                if predicate(c) { hi = c; step = step > Int.max / 2 ? step : 2 * step } else { lo = c; break }
            }
        } else {
            lo = min(max(guess, -1), n)
            var step = 1
            while true {
                // n − lo can be Int.max + 1 (lo = −1, n = Int.max): compare unsigned.
                if UInt(step) >= UInt(bitPattern: n &- lo) { hi = n; break }   // predicate(n) holds by construction
                let c = lo + step
                if predicate(c) { hi = c; break }
                lo = c
                step = step > Int.max / 2 ? step : 2 * step
            }
        }
        // hi − lo as an unsigned distance: it can exceed Int.max when lo = −2 and hi = n.
        while UInt(bitPattern: hi &- lo) > 1 {
            let mid = lo &+ Int(bitPattern: UInt(bitPattern: hi &- lo) / 2)
            if predicate(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }
}

/// Loader's deviance term x·ln(x/m) + m − x, accurate when x ≈ m.
func deviance(_ x: Double, _ m: Double) -> Double {
    let u = (x - m) / m
    if abs(u) < 0.5 {
        // m·[(1 + u)ln(1 + u) − u] = m·[u·log1p(u) + log1pmx(u)]
        return m * (u * log1p(u) + log1pmx(u))
    }
    return x * log(x / m) + m - x
}
