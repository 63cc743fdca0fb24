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
/// route is used instead. Results are lowered by `downwardBias` (above that check plus the
/// rounding of the evaluation), so the fast route never exceeds the exact radius.
struct ExppClosedForm: Sendable {
    let p: Double
    private let a: Double
    private let gammaA1: Double
    private let low: ChebyshevPieces    // h(t), t ∈ [0, tMax]
    private let high: ChebyshevPieces   // ln x(u), u ∈ [ln ln 2, ln(−ln 2⁻⁵²)]
    static let downwardBias = 1e-12
    static let degree = 14
    static let pieces = 16

    /// The exact route: (G⁻¹_{1/p}(2ρ − 1))^{1/p} through the upper tail 2(1 − ρ), lowered by
    /// `downwardBias` like the fast one (rounding then cannot lift it above the exact radius).
    static func exactUnitRadius(_ rho: Double, p: Double) -> Double {
        pow(Special.gammaQInv(1 / p, 2 * (1 - rho)), 1 / p) * (1 - downwardBias)
    }

    /// The fast route for p (built on first use, shared), or nil if it failed its check.
    static func shared(p: Double) -> ExppClosedForm? { Cache.instance.form(p: p) }

    init?(p: Double) {
        guard p > 1, p.isFinite else { return nil }
        self.p = p
        let a = 1 / p
        self.a = a
        let gammaA1 = exp(Special.logGamma(a + 1))
        self.gammaA1 = gammaA1
        // h(t) = ln(x/t) with P(a, x) = t^a/Γ(a + 1); at t = 0, h = 0.
        func h(_ t: Double) -> Double {
            if t == 0 { return 0 }
            return log(Special.gammaPInv(a, pow(t, a) / gammaA1) / t)
        }
        let tMax = pow(0.5 * gammaA1, p)
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
        return radius * (1 - Self.downwardBias)
    }

    private final class Cache: @unchecked Sendable {
        static let instance = Cache()
        private let lock = NSLock()
        private var forms: [Double: ExppClosedForm?] = [:]

        func form(p: Double) -> ExppClosedForm? {
            lock.lock()
            if let form = forms[p] { lock.unlock(); return form }
            lock.unlock()
            let form = ExppClosedForm(p: p)   // outside the lock: builds may overlap
            lock.lock(); defer { lock.unlock() }
            if forms.count >= 64 { forms.removeAll() }
            forms[p] = .some(form)
            return form
        }
    }
}
