import Foundation
import RS4ANumerics

/// IID Laplace(0, λ) noise; σ = √2·λ. Direct radii: ℓ1 = −λ ln(2(1 − ρ)) (closed form) and
/// ℓ∞ exact through the binomial differential method (a table by default, the exact pieces
/// beyond its last point). The cheap ℓ∞ approximation λΦ⁻¹(ρ)/√d is not a guaranteed bound:
/// only with `.approximation`.
public struct LaplaceNoise: Noise, TableBackedNoise {
    public let dim: Int, sigma: Double, lambd: Double
    public var kind: NoiseKind { .laplace }
    public var parameters: [(name: String, value: Double)] { [] }
    public var directAdversaries: [Double] { [1, .infinity] }
    /// The exact ℓ∞ pieces (shared per d), built on the first radius that needs them.
    private let pieces: BuiltOnFirstUse<LaplaceLinf>

    /// Build from exactly one of `sigma` or `lambd` (finite, > 0).
    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil) throws {
        try ScaleResolution.checkDim(dim, noise: "Laplace")
        self.dim = dim
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: 2.0.squareRoot(), noise: "Laplace")
        pieces = BuiltOnFirstUse { try LaplaceLinf.shared(d: dim) }
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        if adv == 1 || dim == 1 {  // in one dimension ℓ∞ = ℓ1
            try ClosedFormOnly.check(method, noise: "Laplace", adv: adv)
            return -lambd * log(2 * (1 - rho))
        }
        switch method {
        case .automatic, .table:
            let table = try radiusTable(adv: adv, cache: cache).table
            // Beyond the table's last point (1 − ρ < 1e-12) its last secant is sound but falls
            // far below the radius (21% at d = 2, ρ = 1 − 2⁻⁵²); the exact pieces are not.
            if method == .automatic, let last = table.rho.last, rho > last {
                return lambd * (try pieces.withValue { $0.certifiedRadius(rho) })
            }
            return lambd * table.lookup(rho)
        case .direct:
            return lambd * (try pieces.withValue { $0.certifiedRadius(rho) })
        case .approximation:
            return lambd * StandardNormal.quantile(rho) / Double(dim).squareRoot()
        case .closedForm:
            throw NoiseError.noCertificate("Laplace ℓ∞ has no closed form; use .automatic (exact table), .direct or .approximation")
        }
    }

    func checkTableAdversary(_ adv: Double) throws {
        guard adv.isInfinite, dim > 1 else { throw NoiseError.noCertificate("Laplace has a radius table only for ℓ∞ (dim > 1)") }
    }

    public func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try checkTableAdversary(adv)
        return try TableRoute.table(self, adv: adv, method: "laplace-binomial", version: LaplaceLinf.version, cache: cache) {
            try pieces.withValue { try $0.table() }
        }
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        Samplers.fillLaplace(out, loc: 0, scale: Float(lambd), stream: RowSampling.bulk(stream))
    }
}

extension LaplaceNoise {
    public func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try checkTableAdversary(adv)
        return try pieces.withValue { exact in rhos.map { lambd * exact.radius($0) } }
    }
}
