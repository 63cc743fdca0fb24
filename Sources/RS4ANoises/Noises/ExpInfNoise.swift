import Foundation
import RS4ANumerics

/// Density ∝ ‖x/λ‖∞^−j·exp(−‖x/λ‖∞^k): λ·Gamma((d−j)/k)^(1/k)·u∞.
/// Direct radii: ℓ1 (closed form) and ℓ∞ (closed form for k = 1, j = 0; differential method
/// for other k with j = 0; none for j ≠ 0).
public struct ExpInfNoise: Noise, TableBackedNoise, DifferentialMethodNoise, CertificateAvailability {
    public let dim: Int, sigma: Double, lambd: Double
    /// Shape k > 0 (default 1) and 0 ≤ j < d (default 0; j = 0 when d = 1).
    public let k: Double, j: Double
    public var kind: NoiseKind { .expInf }
    public var parameters: [(name: String, value: Double)] { [("k", k), ("j", j)] }
    public var directAdversaries: [Double] { [1, .infinity] }

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, k: Double = 1, j: Double = 0) throws {
        try ScaleResolution.checkDim(dim, noise: "ExpInf")
        try ScaleResolution.checkPositive(k, name: "k", noise: "ExpInf")
        try ScaleResolution.checkJ(j, dim: dim, noise: "ExpInf")
        guard dim > 1 || j == 0 else {
            throw NoiseError.invalidParameter("ExpInf: j must be 0 when d = 1 (NOISES.md: d = 1 with j ≠ 0 is not a distribution), got j = \(j)")
        }
        self.dim = dim
        self.k = k
        self.j = j
        let d = Double(dim)
        let r2 = (d - 1) / 3 + 1
        let s = (r2 / d * exp(Special.logGammaRatio((d - j) / k, 2 / k))).squareRoot()
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: s, noise: "ExpInf")
    }

    func checkAvailability(adv: Double) throws {
        if adv.isInfinite && j != 0 {
            throw NoiseError.noCertificate("ExpInf has no ℓ∞ certificate when j ≠ 0 (j = \(j)); use j = 0 or an ℓ1 adversary")
        }
    }

    var integrand: DifferentialIntegrand { .gammaUpper(d: dim, k: k) }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        try checkAvailability(adv: adv)
        let d = Double(dim)
        if adv == 1 {
            try ClosedFormOnly.check(method, noise: "ExpInf", adv: adv)
            guard dim == 1 || d - j - 1 > 0 else {
                throw NoiseError.noCertificate("ExpInf ℓ1 radius needs j < d − 1 (γ involves Γ((d−j−1)/k)), got j = \(j), d = \(dim)")
            }
            let gamma = dim == 1 ? exp(Special.logGammaRatio(1 / k, 1)) : d / (d - 1) * exp(Special.logGammaRatio((d - j - 1) / k, 1 / k))
            return 2 * lambd * gamma * (rho - 0.5)
        }
        switch method {
        case .automatic where k == 1, .closedForm where k == 1:
            return -lambd * log(2 * (1 - rho))
        case .closedForm, .approximation:
            throw NoiseError.noCertificate("ExpInf ℓ∞ with k ≠ 1 has no closed form; use .automatic, .table or .direct")
        case .automatic, .table:
            return try tableRadius(rho, adv: adv, cache: cache)
        case .direct:
            return try integratedRadius(rho)
        }
    }

    func checkTableAdversary(_ adv: Double) throws {
        try checkAvailability(adv: adv)
        guard adv.isInfinite else { throw NoiseError.noCertificate("ExpInf has a radius table only for ℓ∞") }
    }

    public func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try differentialTable(adv: adv, cache: cache)
    }

    public func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try differentialExactRadii(rhos, adv: adv)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        var radial = RowSampling.radial(stream)
        let radius = lambd * radial.nextGammaPower(shape: (Double(dim) - j) / k, power: 1 / k)
        RowSampling.cubeSurface(out, radius: radius, row: stream)
    }
}
