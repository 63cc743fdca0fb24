import Foundation
import RS4ANumerics

/// The ingredients of the level-set method (NOISES.md) for one spherical noise at λ = 1:
/// the law of u (‖δ‖^k), the level-set radius s(u, t), and the sphere/ball overlap W.
///
/// Expectations over u are integrals over z = ln u, where every law involved (Gamma of any
/// shape, BetaPrime) has a smooth, unimodal log-density; the density is normalised
/// numerically on the integration range, so no large log-gamma constants enter.
struct LevelSetModel: Sendable {
    enum Family: Sendable, Hashable {
        case exp2(k: Double, j: Double)
        case pow2(k: Double, a: Double)
    }

    let d: Int
    let family: Family
    let k: Double
    /// W's Beta shape (d − 1)/2 and the Beta(α, α) standard deviation.
    let alpha: Double
    private let betaSD: Double
    /// Fast I_x(α, α) for large d (nil: use the incomplete beta directly).
    private let betaTail: SymmetricBetaTail?
    /// Radial law: Gamma(shapeA) when `isGamma`, else BetaPrime(shapeA, shapeB).
    private let isGamma: Bool
    private let shapeA: Double, shapeB: Double
    let zMode: Double
    let zLow: Double, zHigh: Double
    private let logNormalizer: Double

    /// Log-density drop (from the mode) at which the z range is cut: e^-90 ≈ 8e-40.
    static let cut = 90.0

    /// The model for (d, family), built once per process and shared: building one (the radial
    /// normalisation and the Beta tail interpolant) costs about ten forward evaluations ρ(e),
    /// which the direct route and the checks call one at a time.
    static func shared(d: Int, family: Family) throws -> LevelSetModel {
        try cache.value(for: Key(d: d, family: family)) { try LevelSetModel(d: d, family: family) }
    }
    private struct Key: Hashable, Sendable { let d: Int; let family: Family }
    private static let cache = SharedBuildCache<Key, LevelSetModel>()

    init(d: Int, family: Family) throws {
        guard d >= 2 else { throw NoiseError.noCertificate("the level-set ℓ2 certificate needs dim ≥ 2, got \(d)") }
        self.d = d
        self.family = family
        alpha = Double(d - 1) / 2
        betaSD = 1 / (2 * (2 * alpha + 1).squareRoot())
        betaTail = SymmetricBetaTail(alpha: alpha)
        let dd = Double(d)
        let gamma: Bool, a: Double, b: Double, kk: Double, mode: Double
        switch family {
        case .exp2(let k, let j):
            kk = k; gamma = true; a = (dd - j) / k; b = 0; mode = log(a)
        case .pow2(let k, let power):
            kk = k; gamma = false; a = dd / k; b = power - dd / k; mode = log(a / b)
        }
        k = kk; isGamma = gamma; shapeA = a; shapeB = b; zMode = mode
        // Unimodal concave log-density: walk out from the mode until it drops by `cut`.
        let step = gamma ? min(1, 1 / a.squareRoot()) : (1 / a + 1 / b).squareRoot()
        let logDensity = LevelSetModel.makeLogDensity(isGamma: gamma, a: a, b: b, mode: mode)
        func edge(_ direction: Double) -> Double {
            var inside = mode, h = step
            while logDensity(mode + direction * h) > -LevelSetModel.cut { inside = mode + direction * h; h *= 2 }
            var outside = mode + direction * h
            for _ in 0..<80 {
                let mid = 0.5 * (inside + outside)
                if logDensity(mid) > -LevelSetModel.cut { inside = mid } else { outside = mid }
            }
            return outside
        }
        let low = edge(-1), high = edge(1)
        zLow = low
        zHigh = high
        let norm = try RobustQuadrature.integrate(from: low, to: high, breakPoints: [mode]) { exp(logDensity($0)) }
        guard norm.value.isFinite, norm.value > 0 else {
            throw NoiseError.tableFailure("level-set: radial density normalisation failed (\(norm.value))")
        }
        logNormalizer = log(norm.value)
    }

    /// ln of the unnormalised density of z = ln u, 0 at the mode.
    static func makeLogDensity(isGamma: Bool, a: Double, b: Double, mode: Double) -> @Sendable (Double) -> Double {
        if isGamma {
            // a·z − e^z at z = mode + v, minus its value at v = 0: −a(e^v − 1 − v).
            return { z in let v = z - mode; return -a * (expm1(v) - v) }
        }
        // a·z − (a + b)·ln(1 + e^z), minus its value at the mode.
        return { z in
            let softplusDifference: Double
            if z > 0 && mode > 0 {
                softplusDifference = (z - mode) + log1p(exp(-z)) - log1p(exp(-mode))
            } else {
                softplusDifference = log1p(exp(z)) - log1p(exp(mode))
            }
            return a * (z - mode) - (a + b) * softplusDifference
        }
    }

    /// The normalised density of z = ln u.
    @inline(__always) func density(_ z: Double) -> Double {
        let v = z - zMode
        let g: Double
        if isGamma {
            g = -shapeA * (expm1(v) - v)
        } else if z > 0 && zMode > 0 {
            g = shapeA * v - (shapeA + shapeB) * (v + log1p(exp(-z)) - log1p(exp(-zMode)))
        } else {
            g = shapeA * v - (shapeA + shapeB) * (log1p(exp(z)) - log1p(exp(zMode)))
        }
        return exp(g - logNormalizer)
    }

    /// ln(s^k / u) for the level set with threshold t at u = e^z; nil when s = 0.
    @inline(__always) func logRatio(z: Double, t: Double) -> Double? {
        let u = exp(z)
        switch family {
        case .exp2(_, let j) where j == 0:
            guard u > t else { return nil }
            return log1p(-t / u)
        case .exp2(let k, let j):
            // s^k = (j/k)·W₀(e^q), q = (k/j)(u − t) + ln u + ln(k/j). At t = 0 the solution is
            // w₀ = (k/j)u, and q = w₀ + ln w₀ − (k/j)t exactly, so with w = w₀(1 + y):
            // w₀·y + log1p(y) = −(k/j)t, and ln(s^k/u) = log1p(y). Solving for y directly keeps
            // full relative accuracy when t is tiny (small radii), where forming W₀(e^q) and
            // dividing by u would leave only rounding noise. This is the exact W₀; the spec's
            // q − ln q shortcut for q > 500 (an overflow guard) is not needed.
            return LambertRatio.log1pY(w0: (k / j) * u, tau: -(k / j) * t)
        case .pow2(_, let a):
            // s^k = (1 + u)e^{−t/a} − 1  ⇒  s^k/u = 1 + (1 + u)/u · (e^{−t/a} − 1).
            let arg = (1 + u) / u * expm1(-t / a)
            guard arg > -1 else { return nil }
            return log1p(arg)
        }
    }

    /// The Beta argument of W at (z, t, e): ((r+e)² − s²)/(4er), factorised to avoid cancellation.
    @inline(__always) func betaArgument(z: Double, t: Double, e: Double) -> Double {
        let r = exp(z / k)
        let s: Double, gap: Double  // gap = r − s
        if let lr = logRatio(z: z, t: t) {
            s = r * exp(lr / k)
            gap = -r * expm1(lr / k)
        } else {
            s = 0
            gap = r
        }
        return (gap + e) * (r + s + e) / (4 * e * r)
    }

    /// W = B_{α,α}(x) (or its complement), clamped. Beta(α, α) is strictly sub-Gaussian with
    /// proxy variance equal to its variance (Marchal & Arbel 2017), so beyond v standard
    /// deviations from ½ its tail is below e^{−v²/2}: the small side is exactly 0 beyond 40 sd
    /// (e^-800), and the large side is exactly 1 beyond 9 sd, where 1 − W < e^{−40.5} ≈ 3e-18 is
    /// below half an ulp of 1 (it saves the incomplete beta wherever W rounds to 1 anyway).
    @inline(__always) func overlap(_ x: Double, complement: Bool) -> Double {
        let v = x - 0.5
        if x <= 0 || v < (complement ? -9 : -40) * betaSD { return complement ? 1 : 0 }
        if x >= 1 || v > (complement ? 40 : 9) * betaSD { return complement ? 0 : 1 }
        if let betaTail { return betaTail.value(x, complement: complement) }
        return complement ? Special.betaIComplement(alpha, alpha, x) : Special.betaI(alpha, alpha, x)
    }

    /// Break points for the u-integral at (t, e): the mode, the kink where s reaches 0, and
    /// where W's Beta argument crosses ½ (W jumps from ~0 to ~1 over ~1/(2√d) there).
    func breakPoints(t: Double, e: Double) -> [Double] {
        var points = [zMode]
        switch family {
        case .exp2(_, let j) where j == 0:
            if t > 0 { points.append(log(t)) }
        case .pow2(_, let a):
            if t > 0 { points.append(log(expm1(t / a))) }
        default: break
        }
        let n = 96
        let h = (zHigh - zLow) / Double(n)
        var previousZ = zLow
        var previous = betaArgument(z: zLow, t: t, e: e) - 0.5
        for i in 1...n {
            let z = zLow + h * Double(i)
            let value = betaArgument(z: z, t: t, e: e) - 0.5
            // A sign change matters only where x actually sweeps through W's transition; when x
            // hovers within rounding of ½ (e.g. the Gaussian case) W is smooth and needs no break.
            if (value > 0) != (previous > 0) && abs(value - previous) > 0.5 * betaSD {
                var lo = previousZ, hi = z
                let loPositive = previous > 0
                for _ in 0..<40 {  // to ~1e-12 of a scan step: far finer than W's transition
                    let mid = 0.5 * (lo + hi)
                    if (betaArgument(z: mid, t: t, e: e) - 0.5 > 0) == loPositive { lo = mid } else { hi = mid }
                }
                points.append(0.5 * (lo + hi))
            }
            previousZ = z
            previous = value
        }
        return points.filter { $0 > zLow && $0 < zHigh }.sorted()
    }

    /// pbig(t, e) (complement = false) or 1 − pbig(t, e) computed directly (complement = true).
    func probability(t: Double, e: Double, complement: Bool) throws -> Double {
        try probabilityAndTolerance(t: t, e: e, complement: complement).value
    }

    /// `probability` and the relative quadrature tolerance it met.
    func probabilityAndTolerance(t: Double, e: Double, complement: Bool) throws -> (value: Double, tolerance: Double) {
        // Start at 1e-12: W's incomplete-beta values carry ~1e-13 noise, which makes 1e-13 unreachable.
        let result = try RobustQuadrature.integrate(from: zLow, to: zHigh, breakPoints: breakPoints(t: t, e: e), firstRung: 1) { z in
            let w = self.overlap(self.betaArgument(z: z, t: t, e: e), complement: complement)
            return w == 0 ? 0 : w * self.density(z)
        }
        guard result.value.isFinite else {
            throw NoiseError.tableFailure("level-set: pbig(t = \(t), e = \(e)) is not finite")
        }
        return (min(max(result.value, 0), 1), result.tolerance)
    }
}

/// Solves w₀·y + log1p(y) = τ for y > −1 and returns L = log1p(y). Internal helper for the
/// Exp2(j > 0) level set: W₀(e^q)/w₀ = 1 + y.
///
/// Newton runs on L itself: g(L) = L + w₀·expm1(L) − τ is increasing and convex on all of ℝ,
/// so there is no domain to leave, and from a start right of the root (g ≥ 0) the iterates
/// decrease monotonically to it. Both starts below satisfy g ≥ 0: for τ ≥ 0, min(τ, log1p(τ/w₀))
/// (g(τ) = w₀·expm1(τ) ≥ 0, g(log1p(τ/w₀)) = log1p(τ/w₀) ≥ 0); for τ < 0, τ/(1 + w₀)
/// (g = w₀·(expm1(L) − L) ≥ 0). Each is within a few Newton steps of the root in every regime
/// of w₀ and τ, and L keeps full relative accuracy when τ is tiny (small radii).
enum LambertRatio {
    static func log1pY(w0: Double, tau: Double) -> Double {
        if tau == 0 { return 0 }
        var l = tau > 0 ? min(tau, log1p(tau / w0)) : tau / (1 + w0)
        for _ in 0..<100 {
            let m = expm1(l)
            let step = (l + w0 * m - tau) / (1 + w0 * (1 + m))
            l -= step
            if !(abs(step) > 4 * Double.ulpOfOne * abs(l)) { break }
        }
        return l
    }
}
