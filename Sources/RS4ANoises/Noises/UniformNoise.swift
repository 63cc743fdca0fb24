import Foundation
import RS4ANumerics

/// Uniform noise on [−λ, λ]^d; σ = λ/√3. Direct radii: ℓ1 and ℓ∞ (closed forms).
public struct UniformNoise: Noise {
    public let dim: Int, sigma: Double, lambd: Double
    public var kind: NoiseKind { .uniform }
    public var parameters: [(name: String, value: Double)] { [] }
    public var directAdversaries: [Double] { [1, .infinity] }

    /// Build from exactly one of `sigma` or `lambd` (finite, > 0).
    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil) throws {
        try ScaleResolution.checkDim(dim, noise: "Uniform")
        self.dim = dim
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: 1 / 3.0.squareRoot(), noise: "Uniform")
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        try ClosedFormOnly.check(method, noise: "Uniform", adv: adv)
        if adv == 1 { return 2 * lambd * (rho - 0.5) }
        // 2λ(1 − (3/2 − ρ)^(1/d)) = −2λ·expm1(log1p(½ − ρ)/d)
        return -2 * lambd * expm1(log1p(0.5 - rho) / Double(dim))
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        Samplers.fillUniform(out, low: Float(-lambd), high: Float(lambd), stream: RowSampling.bulk(stream))
    }
}

/// Method checks for certificates that only have a closed form.
enum ClosedFormOnly {
    static func check(_ method: CertificateMethod, noise: String, adv: Double) throws {
        switch method {
        case .automatic, .closedForm, .direct: return
        case .table, .approximation:
            throw NoiseError.noCertificate("\(noise) \(Adversary.name(adv)) has only a closed form; method .\(method.rawValue) does not apply")
        }
    }
}
