import Foundation

// σ/λ resolution and parameter-domain checks shared by every noise constructor.

enum ScaleResolution {
    /// Resolves (σ, λ) from exactly one of them given s = σ/λ.
    /// `s` may be +∞ (Pareto a ≤ 2): then only λ may be given and σ = ∞.
    static func resolve(sigma: Double?, lambd: Double?, s: Double, noise: String) throws -> (sigma: Double, lambd: Double) {
        switch (sigma, lambd) {
        case (nil, nil):
            throw NoiseError.invalidParameter("\(noise): give exactly one of sigma or lambd (neither was given)")
        case (.some, .some):
            throw NoiseError.invalidParameter("\(noise): give exactly one of sigma or lambd, not both")
        case (.some(let sg), nil):
            guard sg.isFinite, sg > 0 else {
                throw NoiseError.invalidParameter("\(noise): sigma must be finite and > 0, got \(sg)")
            }
            guard s.isFinite, s > 0 else {
                throw NoiseError.invalidParameter("\(noise): sigma is infinite for these parameters; build it from lambd instead")
            }
            let l = sg / s
            guard l.isFinite, l > 0 else {
                throw NoiseError.invalidParameter("\(noise): lambd = sigma / s(params) = \(l) is not a finite positive number")
            }
            return (sg, l)
        case (nil, .some(let l)):
            guard l.isFinite, l > 0 else {
                throw NoiseError.invalidParameter("\(noise): lambd must be finite and > 0, got \(l)")
            }
            return (l * s, l)
        }
    }

    static func checkDim(_ dim: Int, noise: String, minimum: Int = 1) throws {
        guard dim >= minimum else {
            throw NoiseError.invalidParameter("\(noise): dim must be an integer ≥ \(minimum), got \(dim)")
        }
    }

    /// k > 0 and finite.
    static func checkPositive(_ value: Double, name: String, noise: String) throws {
        guard value.isFinite, value > 0 else {
            throw NoiseError.invalidParameter("\(noise): \(name) must be finite and > 0, got \(value)")
        }
    }

    /// 0 ≤ j < d.
    static func checkJ(_ j: Double, dim: Int, noise: String) throws {
        guard j.isFinite, j >= 0, j < Double(dim) else {
            throw NoiseError.invalidParameter("\(noise): j must satisfy 0 ≤ j < d = \(dim), got \(j)")
        }
    }
}
