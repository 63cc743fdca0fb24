import RS4ANumerics

/// A smoothing noise distribution on ℝ^d (NOISES.md). One type per distribution;
/// parameters are validated once, at construction, and the value is immutable.
///
/// Conforming types implement the per-distribution pieces (`directAdversaries`,
/// `directRadius`, `fillNoiseRow`); the shared behaviour — ρ/adversary validation,
/// ℓp conversion, batch sampling — lives in the protocol extension.
public protocol Noise: Sendable, CustomStringConvertible {
    /// Which distribution this is.
    var kind: NoiseKind { get }
    /// Input dimension d.
    var dim: Int { get }
    /// Per-coordinate RMS σ = λ·s(params) (∞ for Pareto with a ≤ 2).
    var sigma: Double { get }
    /// Scale parameter λ.
    var lambd: Double { get }
    /// Shape parameters in a fixed order (e.g. `[("k", 10), ("j", 100)]`); part of table keys.
    var parameters: [(name: String, value: Double)] { get }
    /// The ℓp exponents with a direct radius (∞ for ℓ∞). Empty for `Clean`.
    var directAdversaries: [Double] { get }
    /// The direct radius, in absolute units (already × λ), for ρ ∈ (½, 1] and
    /// `adv` ∈ `directAdversaries`. Callers go through `certify`, which validates first.
    func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double
    /// Writes one row of noise δ (exactly `dim` values) drawn from `stream` alone.
    func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream)
}

extension Noise {
    public var description: String {
        let params = parameters.map { "\($0.name)=\($0.value)" }
        return "\(kind.shortName)(" + (["dim=\(dim)", "lambd=\(lambd)", "sigma=\(sigma)"] + params).joined(separator: ", ") + ")"
    }

    /// The value of a named shape parameter, if the noise has it.
    public func parameter(_ name: String) -> Double? {
        parameters.first(where: { $0.name == name })?.value
    }
}
