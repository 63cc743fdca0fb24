import Foundation
import RS4ANumerics

/// IID Pareto-type noise, density ∝ ∏(1 + |x_i|/λ)^−(a+1): fair sign × (Pareto(λ, a) − λ).
/// σ = λ(½(a−1)(a−2))^−½ for a > 2 (∞ otherwise, so σ may then not be given).
/// Direct radius: ℓ1 = λ(2ρ−1)/a · ₂F₁(1, a/(a+1); a/(a+1)+1; (2ρ−1)^(1+1/a)).
public struct ParetoNoise: Noise {
    public let dim: Int, sigma: Double, lambd: Double
    /// Tail index a > 0 (default 3).
    public let a: Double
    public var kind: NoiseKind { .pareto }
    public var parameters: [(name: String, value: Double)] { [("a", a)] }
    public var directAdversaries: [Double] { [1] }
    let closedForm: ParetoClosedForm

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, a: Double = 3) throws {
        try ScaleResolution.checkDim(dim, noise: "Pareto")
        try ScaleResolution.checkPositive(a, name: "a", noise: "Pareto")
        self.dim = dim
        self.a = a
        closedForm = ParetoClosedForm(a: a)
        let s = a > 2 ? 1 / (0.5 * (a - 1) * (a - 2)).squareRoot() : Double.infinity
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: s, noise: "Pareto (a = \(a))")
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        try ClosedFormOnly.check(method, noise: "Pareto", adv: adv)
        return lambd * closedForm.unitRadius(rho)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        // U^(−1/a) − 1 = expm1(E/a) with E = −ln U ~ Exp(1) (vectorised fill), times λ and a fair sign.
        Samplers.fillExponential(out, scale: 1, stream: RowSampling.bulk(stream))
        var signs = RowSampling.scalars(stream)
        var bits: UInt64 = 0
        let inverseA = 1 / a
        for i in out.indices {
            if i & 63 == 0 { bits = signs.next() }
            let magnitude = lambd * expm1(Double(out[i]) * inverseA)
            out[i] = Float(bits & 1 == 0 ? magnitude : -magnitude)
            bits >>= 1
        }
    }
}
