import Foundation
import RS4ANumerics

/// Density ∝ (1 + ‖x/λ‖₂^k)^−a, a > (d+2)/k: λ·BetaPrime(d/k, a−d/k)^(1/k)·u₂.
/// Direct radius: ℓ2 by the level-set method.
public struct Pow2Noise: Noise, TableBackedNoise, LevelSetNoise, LevelSetTableNoise {
    public let dim: Int, sigma: Double, lambd: Double
    /// Shape k > 0 (default 1) and power a > (d+2)/k (default d + 10).
    public let k: Double, a: Double
    public var kind: NoiseKind { .pow2 }
    public var parameters: [(name: String, value: Double)] { [("k", k), ("a", a)] }
    public var directAdversaries: [Double] { [2] }
    let scale: Double

    /// `a = nil` means the default d + 10.
    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, k: Double = 1, a: Double? = nil) throws {
        try ScaleResolution.checkDim(dim, noise: "Pow2")
        try ScaleResolution.checkPositive(k, name: "k", noise: "Pow2")
        let d = Double(dim)
        let a = a ?? d + 10
        guard a.isFinite, a > (d + 2) / k else {
            throw NoiseError.invalidParameter("Pow2: a must satisfy a > (d + 2)/k = \((d + 2) / k) (σ is infinite otherwise), got \(a)")
        }
        self.dim = dim
        self.k = k
        self.a = a
        // s = exp(½(lnΓ((d+2)/k) + lnΓ(a−(d+2)/k) − lnΓ(d/k) − lnΓ(a−d/k) − ln d))
        let upper = Special.logGammaRatio(d / k, 2 / k)
        let lower = Special.logGammaRatio(a - (d + 2) / k, 2 / k)
        scale = exp(0.5 * (upper - lower - log(d)))
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: scale, noise: "Pow2")
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        guard dim >= 2 else { throw NoiseError.noCertificate("Pow2 ℓ2 certificates need dim ≥ 2, got \(dim)") }
        switch method {
        case .closedForm, .approximation:
            throw NoiseError.noCertificate("Pow2 ℓ2 has no closed form; use .automatic, .table or .direct")
        case .automatic, .table:
            return try tableRadius(rho, adv: adv, cache: cache)
        case .direct:
            return try solvedRadius(rho)
        }
    }

    func levelSetModel() throws -> LevelSetModel { try LevelSetModel.shared(d: dim, family: .pow2(k: k, a: a)) }

    public func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try levelSetTable(adv: adv, cache: cache)
    }

    public func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try levelSetExactRadii(rhos, adv: adv)
    }

    public func certifiedProbability(l2Radius e: Double) throws -> Double {
        try levelSetProbability(l2Radius: e)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        var radial = RowSampling.radial(stream)
        let d = Double(dim)
        // B^(1/k) from ln B: B itself may overflow (or underflow) where its power does not.
        let radius = lambd * exp((1 / k) * radial.nextLogBetaPrime(a: d / k, b: a - d / k))
        RowSampling.l2Sphere(out, radius: radius, row: stream)
    }
}

