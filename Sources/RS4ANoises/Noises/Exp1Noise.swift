import Foundation
import RS4ANumerics

/// Density ∝ exp(−‖x/λ‖₁^k): λ·Gamma(d/k)^(1/k)·u₁. Direct radius: ℓ1 (the Laplace ℓ1
/// closed form for k = 1, the differential method otherwise).
public struct Exp1Noise: Noise, TableBackedNoise, DifferentialMethodNoise {
    public let dim: Int, sigma: Double, lambd: Double
    /// Shape k > 0 (default 1).
    public let k: Double
    public var kind: NoiseKind { .exp1 }
    public var parameters: [(name: String, value: Double)] { [("k", k)] }
    public var directAdversaries: [Double] { [1] }

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, k: Double = 1) throws {
        try ScaleResolution.checkDim(dim, noise: "Exp1")
        try ScaleResolution.checkPositive(k, name: "k", noise: "Exp1")
        self.dim = dim
        self.k = k
        let d = Double(dim)
        let s = (2 / (d * (d + 1)) * exp(Special.logGammaRatio(d / k, 2 / k))).squareRoot()
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: s, noise: "Exp1")
    }

    var integrand: DifferentialIntegrand { k >= 1 ? .gammaUpper(d: dim, k: k) : .gammaLower(d: dim, k: k) }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        switch method {
        case .automatic where k == 1, .closedForm where k == 1:
            return -lambd * log(2 * (1 - rho))
        case .closedForm, .approximation:
            throw NoiseError.noCertificate("Exp1 ℓ1 with k ≠ 1 has no closed form; use .automatic, .table or .direct")
        case .automatic, .table:
            return try tableRadius(rho, adv: adv, cache: cache)
        case .direct:
            return try integratedRadius(rho)
        }
    }

    func checkTableAdversary(_ adv: Double) throws {
        guard adv == 1 else { throw NoiseError.noCertificate("Exp1 has a radius table only for ℓ1") }
    }

    public func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try differentialTable(adv: adv, cache: cache)
    }

    public func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try differentialExactRadii(rhos, adv: adv)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        var radial = RowSampling.radial(stream)
        let radius = lambd * radial.nextGammaPower(shape: Double(dim) / k, power: 1 / k)
        RowSampling.l1Sphere(out, radius: radius, row: stream)
    }
}
