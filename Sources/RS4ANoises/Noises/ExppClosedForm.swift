import Foundation
import RS4ANumerics

/// The Expp(p > 1) ℓ1 radius at λ = 1, R = x^a with a = 1/p and P(a, x) = 2ρ − 1 (NOISES.md:
/// (G⁻¹_{1/p}(2ρ − 1))^{1/p}), without an inverse incomplete gamma per ρ.
///
/// For one p the quantile is a fixed smooth function, interpolated once (`ChebyshevPieces`) in
/// two variables that make it analytic on each side of ρ = ¾ (P = q = ½, q = 2(1 − ρ)):
/// - ρ ≤ ¾: with t = (Γ(a + 1)·P)^p, x = t·e^{h(t)} with h analytic at t = 0 (invert the series
///   Γ(a + 1)P = x^a(1 − ax/(a + 1) + …)), so R = Γ(a + 1)·P·e^{a·h(t)} keeps full relative
///   accuracy as ρ → ½.
/// - ρ ≥ ¾: ln x as a function of u = ln(−ln q), smooth from q = ½ down to q = 2⁻⁵² (the last
///   ρ below 1 a Double holds; ρ = 1 gives R = ∞).
/// The interpolants are compared with the exact route (the inverse incomplete gamma) between
/// their nodes when they are built; unless every deviation is below 1e-13 relative the exact
/// route is used instead. Results are lowered by `ClosedFormMargin`.
struct ExppClosedForm: Sendable {
    let p: Double
    private let a: Double
    private let gammaA1: Double
    private let low: ChebyshevPieces    // h(t), t ∈ [0, tMax]
    private let high: ChebyshevPieces   // ln x(u), u ∈ [ln ln 2, ln(−ln 2⁻⁵²)]
    static let degree = 14
    static let pieces = 16
    /// The fast route declines when x at the median (≈ t at P = ½, (Γ(a + 1)/2)^p) is below
    /// this, i.e. for p ≳ 330: its check compares with the inverse incomplete gamma, which
    /// proves nothing where that inverse itself nears the underflow threshold (for p ≳ 1075,
    /// t underflows to 0). The exact route is cheap there: most ρ take its Γ(a + 1)·P branch.
    static let smallestMedianQuantile = 1e-100

    /// The exact route: (G⁻¹_{1/p}(2ρ − 1))^{1/p}, lowered by `ClosedFormMargin`, for every
    /// p > 1 (x itself underflows for large p: x ≈ 1e-699 at p = 1000, ρ = 0.6).
    ///
    /// With P = 2ρ − 1 (exact), γ(a, x) lies between e^{−x}x^a/a and x^a/a, so
    /// x^a = Γ(a + 1)·P·e^{θx} for some θ ∈ [0, 1]: Γ(a + 1)·P is a lower bound on R.
    /// - It is R to rounding when x < x₀ = e^{−39}, which holds whenever
    ///   Γ(a + 1)·P < x₀^a·e^{−x₀} ≤ Γ(a + 1)·P(a, x₀), i.e. ln(Γ(a + 1)P) < −39a − x₀ (every
    ///   ρ ≤ ¾ once p ≳ 60; at p = 1000, every ρ up to 0.98): no inverse is needed there.
    /// - For p ≥ `boundOnlyPower` it is used for every ρ: it is then within 4e-5 relative of R
    ///   (R/(Γ(a + 1)P) − 1 ≤ 3.7/p for every ρ a Double holds below 1, by mpmath for p from
    ///   5000 to 1e5), inside NOISES.md's 1e-4 target, while the inverse incomplete gamma of a
    ///   shape this small is not to be trusted.
    /// Otherwise x comes from the inverse on the smaller tail (P or q = 2(1 − ρ), so neither
    /// loses digits to 1 − P); the bound still guards the result from below (an inverse that
    /// failed, NaN, or lost its accuracy cannot go below what is proven).
    static func exactUnitRadius(_ rho: Double, p: Double) -> Double {
        guard rho > 0.5 else { return 0 }
        guard rho < 1 else { return .infinity }
        let a = 1 / p
        let probability = 2 * rho - 1
        let bound = exp(Special.logGamma(a + 1)) * probability
        if p >= boundOnlyPower || log(bound) < -39 * a - smallQuantile { return ClosedFormMargin.lowered(bound) }
        let q = 2 * (1 - rho)
        let x = probability <= q ? Special.gammaPInv(a, probability) : Special.gammaQInv(a, q)
        let radius = pow(x, a)
        return ClosedFormMargin.lowered(radius >= bound ? radius : bound)
    }

    /// x₀ = e^{−39} of `exactUnitRadius`.
    static let smallQuantile = exp(-39.0)
    /// From this p on, the exact route is the lower bound Γ(1 + 1/p)·(2ρ − 1) (see there).
    static let boundOnlyPower = 1e5

    /// The fast route for p (built on first use, shared per p), or nil if it declined or
    /// failed its check.
    static func shared(p: Double) -> ExppClosedForm? { cache.value(for: p) { ExppClosedForm(p: p) } }
    private static let cache = SharedBuildCache<Double, ExppClosedForm?>()

    init?(p: Double) {
        guard p > 1, p.isFinite else { return nil }
        self.p = p
        let a = 1 / p
        self.a = a
        let gammaA1 = exp(Special.logGamma(a + 1))
        self.gammaA1 = gammaA1
        let tMax = pow(0.5 * gammaA1, p)
        guard gammaA1.isNormal, tMax >= Self.smallestMedianQuantile else { return nil }
        // h(t) = ln(x/t) with P(a, x) = t^a/Γ(a + 1); at t = 0, h = 0.
        func h(_ t: Double) -> Double {
            if t == 0 { return 0 }
            return log(Special.gammaPInv(a, pow(t, a) / gammaA1) / t)
        }
        func lnX(_ u: Double) -> Double { log(Special.gammaQInv(a, exp(-exp(u)))) }
        let uMin = log(log(2.0)), uMax = log(-log(0x1p-52))
        guard let low = ChebyshevPieces(lower: 0, width: tMax / Double(Self.pieces), count: Self.pieces, degree: Self.degree, h),
              let high = ChebyshevPieces(lower: uMin, width: (uMax - uMin) / Double(Self.pieces), count: Self.pieces,
                                         degree: Self.degree, lnX) else { return nil }
        // R = Γ(a+1)P·e^{a·h} and R = e^{a·ln x}: an error δ in h or ln x is a relative error a·δ in R.
        let one: (Double) -> Double = { _ in 1 }
        guard a * low.largestDeviation(from: h, scale: one) <= 1e-13,
              a * high.largestDeviation(from: lnX, scale: one) <= 1e-13 else { return nil }
        self.low = low
        self.high = high
    }

    /// R at λ = 1 for ρ ∈ (½, 1].
    @inline(__always) func unitRadius(_ rho: Double) -> Double {
        if rho >= 1 { return .infinity }
        let radius: Double
        if rho <= 0.75 {
            let scaled = gammaA1 * (2 * rho - 1)   // Γ(a + 1)·P, P exact
            radius = scaled * exp(a * low(pow(scaled, p)))
        } else {
            radius = exp(a * high(log(-log(2 * (1 - rho)))))
        }
        return ClosedFormMargin.lowered(radius)
    }
}
