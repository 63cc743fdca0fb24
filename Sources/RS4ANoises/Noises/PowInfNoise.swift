import Foundation
import RS4ANumerics

/// Density ∝ (1 + ‖x/λ‖∞)^−a, a > d + 2: λ·BetaPrime(d, a−d)·u∞.
/// Direct radii: ℓ1 = λ·2d/(a − d)·(ρ − ½) and ℓ∞ by the differential method.
public struct PowInfNoise: Noise, TableBackedNoise, DifferentialMethodNoise {
    public let dim: Int, sigma: Double, lambd: Double
    /// Power a > d + 2 (required: σ is infinite otherwise).
    public let a: Double
    public var kind: NoiseKind { .powInf }
    public var parameters: [(name: String, value: Double)] { [("a", a)] }
    public var directAdversaries: [Double] { [1, .infinity] }

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, a: Double) throws {
        try ScaleResolution.checkDim(dim, noise: "PowInf")
        let d = Double(dim)
        guard a.isFinite, a > d + 2 else {
            throw NoiseError.invalidParameter("PowInf: a must satisfy a > d + 2 = \(d + 2) (σ is infinite otherwise), got \(a)")
        }
        self.dim = dim
        self.a = a
        let r2 = (d - 1) / 3 + 1
        let s = (r2 * (d + 1) / ((a - d - 1) * (a - d - 2))).squareRoot()
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: s, noise: "PowInf")
    }

    var integrand: DifferentialIntegrand { .betaPrime(d: dim, a: a) }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        let d = Double(dim)
        if adv == 1 {
            try ClosedFormOnly.check(method, noise: "PowInf", adv: adv)
            return lambd * 2 * d / (a - d) * (rho - 0.5)
        }
        switch method {
        case .closedForm, .approximation:
            throw NoiseError.noCertificate("PowInf ℓ∞ has no closed form; use .automatic, .table or .direct")
        case .automatic, .table:
            return try tableRadius(rho, adv: adv, cache: cache)
        case .direct:
            return try integratedRadius(rho)
        }
    }

    func checkTableAdversary(_ adv: Double) throws {
        guard adv.isInfinite else { throw NoiseError.noCertificate("PowInf has a radius table only for ℓ∞") }
    }

    public func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try differentialTable(adv: adv, cache: cache)
    }

    public func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try differentialExactRadii(rhos, adv: adv)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        var radial = RowSampling.radial(stream)
        let radius = lambd * radial.nextBetaPrime(a: Double(dim), b: a - Double(dim))
        RowSampling.cubeSurface(out, radius: radius, row: stream)
    }
}
