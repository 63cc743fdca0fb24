import Foundation
import RS4ANumerics

/// Uniform noise on the ℓ2 ball of radius λ: λ·U^(1/d)·u₂; σ = λ/√(d+2).
/// Direct radius: ℓ2 = λ(2 − 4B⁻¹_{(d+1)/2,(d+1)/2}(3/4 − ρ/2)) (see `UniformBallClosedForm`).
public struct UniformBallNoise: Noise {
    public let dim: Int, sigma: Double, lambd: Double
    public var kind: NoiseKind { .uniformBall }
    public var parameters: [(name: String, value: Double)] { [] }
    public var directAdversaries: [Double] { [2] }

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil) throws {
        try ScaleResolution.checkDim(dim, noise: "UniformBall")
        self.dim = dim
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: 1 / Double(dim + 2).squareRoot(), noise: "UniformBall")
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        try ClosedFormOnly.check(method, noise: "UniformBall", adv: adv)
        return lambd * UniformBallClosedForm.unitRadius(rho, dim: dim)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        var radial = RowSampling.radial(stream)
        let radius = lambd * exp(log(radial.nextUniform()) / Double(dim))
        RowSampling.l2Sphere(out, radius: radius, row: stream)
    }
}
