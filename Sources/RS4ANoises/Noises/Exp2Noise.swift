import Foundation
import RS4ANumerics

/// Density ∝ ‖x/λ‖₂^−j·exp(−‖x/λ‖₂^k): λ·Gamma((d−j)/k)^(1/k)·u₂. Direct radius: ℓ2
/// (closed forms for (k, j) = (1, 0) and (2, 0), the level-set method otherwise).
public struct Exp2Noise: Noise, TableBackedNoise, LevelSetNoise, LevelSetTableNoise {
    public let dim: Int, sigma: Double, lambd: Double
    /// Shape k > 0 (default 1) and 0 ≤ j < d (default 0).
    public let k: Double, j: Double
    public var kind: NoiseKind { .exp2 }
    public var parameters: [(name: String, value: Double)] { [("k", k), ("j", j)] }
    public var directAdversaries: [Double] { [2] }
    /// s(params) = σ/λ, the unit of the level-set radius grid.
    let scale: Double

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, k: Double = 1, j: Double = 0) throws {
        try ScaleResolution.checkDim(dim, noise: "Exp2")
        try ScaleResolution.checkPositive(k, name: "k", noise: "Exp2")
        try ScaleResolution.checkJ(j, dim: dim, noise: "Exp2")
        self.dim = dim
        self.k = k
        self.j = j
        let d = Double(dim)
        scale = (exp(Special.logGammaRatio((d - j) / k, 2 / k)) / d).squareRoot()
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: scale, noise: "Exp2")
    }

    var hasClosedForm: Bool { j == 0 && (k == 1 || k == 2) && dim >= 2 }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        guard dim >= 2 else { throw NoiseError.noCertificate("Exp2 ℓ2 certificates need dim ≥ 2, got \(dim)") }
        switch method {
        case .automatic where hasClosedForm, .closedForm where hasClosedForm:
            // k = 2 is the Gaussian formula, a few ulps from exact: not lowered (`ClosedFormMargin`).
            if k == 2 { return lambd / 2.0.squareRoot() * StandardNormal.quantile(rho) }
            return lambd * Exp2ClosedForm.unitRadius(rho, dim: dim)
        case .closedForm, .approximation:
            throw NoiseError.noCertificate("Exp2 ℓ2 has a closed form only for j = 0 and k ∈ {1, 2}; use .automatic, .table or .direct")
        case .automatic, .table:
            return try tableRadius(rho, adv: adv, cache: cache)
        case .direct:
            return try solvedRadius(rho)
        }
    }

    func levelSetModel() throws -> LevelSetModel { try LevelSetModel.shared(d: dim, family: .exp2(k: k, j: j)) }

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
        let radius = lambd * radial.nextGammaPower(shape: (Double(dim) - j) / k, power: 1 / k)
        RowSampling.l2Sphere(out, radius: radius, row: stream)
    }
}

/// Spherical noises certified by the level-set method.
public protocol LevelSetNoise: Noise {
    /// The forward map of the level-set method: the ρ at which an ℓ2 shift of length `l2Radius`
    /// (absolute units) is certified, computed directly (no table). Slow; for checks.
    func certifiedProbability(l2Radius: Double) throws -> Double
}

