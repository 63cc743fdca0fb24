// Typed errors of the noise library. Every message names the offending
// parameter and, where there is one, its allowed range.

/// Errors raised when building a noise, sampling from it or certifying a radius.
public enum NoiseError: Error, Equatable, CustomStringConvertible {
    /// A constructor argument (σ, λ, k, j, a, p, dim, name) is missing or outside its domain.
    case invalidParameter(String)
    /// A probability lower bound ρ is NaN or outside [0, 1].
    case invalidProbability(String)
    /// An adversary ℓp with p NaN or p < 1.
    case invalidAdversary(String)
    /// The noise has no certificate against the requested adversary (or via the requested method).
    case noCertificate(String)
    /// A buffer does not have the shape the call requires.
    case invalidInput(String)
    /// A radius table failed its checks (not increasing, not starting at (½, 0), …) or
    /// the numerics under it failed; the table is never used in that case.
    case tableFailure(String)

    public var description: String {
        switch self {
        case .invalidParameter(let m): return "invalid parameter: \(m)"
        case .invalidProbability(let m): return "invalid probability: \(m)"
        case .invalidAdversary(let m): return "invalid adversary: \(m)"
        case .noCertificate(let m): return "no certificate: \(m)"
        case .invalidInput(let m): return "invalid input: \(m)"
        case .tableFailure(let m): return "radius table failure: \(m)"
        }
    }
}
