import RS4ANumerics

/// Gaussian noise N(0, λ²I); σ = λ. Direct radius: ℓ2 = λΦ⁻¹(ρ) (Cohen et al.).
public struct GaussianNoise: Noise {
    public let dim: Int, sigma: Double, lambd: Double
    public var kind: NoiseKind { .gaussian }
    public var parameters: [(name: String, value: Double)] { [] }
    public var directAdversaries: [Double] { [2] }

    /// Build from exactly one of `sigma` or `lambd` (finite, > 0).
    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil) throws {
        try ScaleResolution.checkDim(dim, noise: "Gaussian")
        self.dim = dim
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: 1, noise: "Gaussian")
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        try ClosedFormOnly.check(method, noise: "Gaussian", adv: adv)
        return lambd * StandardNormal.quantile(rho)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        Samplers.fillNormal(out, mean: 0, std: Float(lambd), stream: RowSampling.bulk(stream))
    }
}

/// Φ⁻¹ through the numerics library (one shared standard normal).
enum StandardNormal {
    static let distribution: NormalDistribution = {
        // mean 0, sd 1 are valid parameters: construction cannot fail.
        guard let n = try? NormalDistribution(mean: 0, sd: 1) else { fatalError("N(0, 1) rejected by RS4ANumerics") }
        return n
    }()
    /// Φ⁻¹(p); for p > ½ through the upper tail 1 − p (exact for a Double p ∈ [½, 1]).
    static func quantile(_ p: Double) -> Double { p > 0.5 ? distribution.isf(1 - p) : distribution.ppf(p) }
}
