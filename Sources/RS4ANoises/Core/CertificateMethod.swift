import Foundation

// How a direct radius is computed. `.automatic` is the certified default; the
// others exist so that tests and users can compare routes.

/// The route used to compute a direct radius.
public enum CertificateMethod: String, Sendable, CaseIterable {
    /// The certified default: the closed form when the spec gives one, else the sound table lookup.
    case automatic
    /// Force the closed form; `NoiseError.noCertificate` if there is none for this noise and adversary.
    case closedForm
    /// Force the table route (differential method for ℓ1/ℓ∞, level-set method for ℓ2), even where
    /// a closed form exists; `NoiseError.noCertificate` if neither method applies.
    case table
    /// The exact radius at this very ρ by direct integration / root solving (no table; slow).
    /// Equals the closed form where there is one.
    case direct
    /// The cheap, NOT guaranteed approximation (Laplace ℓ∞: λΦ⁻¹(ρ)/√d). Only on request.
    case approximation
}

/// Helpers on adversary exponents p ∈ [1, ∞].
enum Adversary {
    /// Throws unless p ∈ [1, ∞] (∞ allowed, NaN not).
    static func validate(_ p: Double) throws {
        guard !p.isNaN, p >= 1 else {
            throw NoiseError.invalidAdversary("adv must be a number in [1, ∞] (the ℓp norm exponent p; infinity for ℓ∞), got \(p)")
        }
    }

    /// pen(a, p) = d^(1/a − 1/p) when p > a, else 1 (NOISES.md, "Converting between adversaries").
    static func penalty(from a: Double, to p: Double, dim: Int) -> Double {
        guard p > a else { return 1 }
        let inv = { (x: Double) -> Double in x.isInfinite ? 0 : 1 / x }
        return Foundation.pow(Double(dim), inv(a) - inv(p))
    }

    static func name(_ p: Double) -> String { p.isInfinite ? "ℓ∞" : "ℓ\(p == p.rounded() ? String(Int(p)) : String(p))" }
}
