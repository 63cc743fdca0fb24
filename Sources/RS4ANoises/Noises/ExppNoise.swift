import Foundation
import RS4ANumerics

/// IID density ∝ exp(−|x_i/λ|^p): fair sign × λ·Gamma(1/p)^(1/p) per coordinate.
/// Direct radius: ℓ1 (closed forms for p ≥ 1 and p = ½, the differential method otherwise).
public struct ExppNoise: Noise, TableBackedNoise, DifferentialMethodNoise {
    public let dim: Int, sigma: Double, lambd: Double
    /// Exponent p > 0 (required).
    public let p: Double
    public var kind: NoiseKind { .expp }
    public var parameters: [(name: String, value: Double)] { [("p", p)] }
    public var directAdversaries: [Double] { [1] }
    /// The fast closed form for p > 1, p ≠ 2: built on the first certificate (once per p and
    /// process), never for sampling; nil if it declined or failed its check.
    private let closedForm: BuiltOnFirstUse<ExppClosedForm?>

    public init(dim: Int, sigma: Double? = nil, lambd: Double? = nil, p: Double) throws {
        try ScaleResolution.checkDim(dim, noise: "Expp")
        try ScaleResolution.checkPositive(p, name: "p", noise: "Expp")
        self.dim = dim
        self.p = p
        closedForm = BuiltOnFirstUse { p > 1 && p != 2 ? ExppClosedForm.shared(p: p) : nil }
        let s = exp(0.5 * Special.logGammaRatio(1 / p, 2 / p))
        (self.sigma, self.lambd) = try ScaleResolution.resolve(sigma: sigma, lambd: lambd, s: s, noise: "Expp")
    }

    var hasClosedForm: Bool { p >= 1 || p == 0.5 }
    var integrand: DifferentialIntegrand { .expp(p: p) }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double {
        switch method {
        case .automatic where hasClosedForm, .closedForm where hasClosedForm:
            // p = 1 and p = 2 are the Laplace and Gaussian formulas, a few ulps from exact: not
            // lowered (`ClosedFormMargin`), unlike the inverse incomplete gamma of other p.
            if p == 1 {
                // Expp(1) is Laplace(λ): G₁⁻¹(2ρ − 1) = −ln(2(1 − ρ)).
                return -lambd * log(2 * (1 - rho))
            }
            if p == 2 {
                // With Z ~ N(0, 1), Z²/2 ~ Gamma(½): G_{1/2}⁻¹(2ρ − 1) = Φ⁻¹(ρ)²/2.
                return lambd * StandardNormal.quantile(rho) / 2.0.squareRoot()
            }
            if p > 1 {
                // (G⁻¹_{1/p}(2ρ − 1))^(1/p): interpolated for this p when that passed its check.
                let unitRadius = try closedForm.withValue { $0?.unitRadius(rho) ?? ExppClosedForm.exactUnitRadius(rho, p: p) }
                return lambd * unitRadius
            }
            return lambd * ExppHalfClosedForm.unitRadius(rho)
        case .closedForm, .approximation:
            throw NoiseError.noCertificate("Expp ℓ1 has a closed form only for p ≥ 1 and p = ½; use .automatic, .table or .direct")
        case .automatic, .table:
            guard p < 1 else { throw NoiseError.noCertificate("Expp ℓ1 tables exist only for p < 1") }
            return try tableRadius(rho, adv: adv, cache: cache)
        case .direct:
            guard p < 1 else { return try directRadius(rho, adv: adv, method: .closedForm, cache: cache) }
            return try integratedRadius(rho)
        }
    }

    func checkTableAdversary(_ adv: Double) throws {
        guard adv == 1, p < 1 else { throw NoiseError.noCertificate("Expp has a radius table only for ℓ1 with p < 1") }
    }

    public func radiusTable(adv: Double, cache: TableCache) throws -> (key: TableKey, table: RadiusTable) {
        try differentialTable(adv: adv, cache: cache)
    }

    public func exactRadii(_ rhos: [Double], adv: Double) throws -> [Double] {
        try differentialExactRadii(rhos, adv: adv)
    }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        var radial = RowSampling.radial(stream)
        var signs = RowSampling.scalars(stream)
        let shape = 1 / p
        var bits: UInt64 = 0
        for i in out.indices {
            if i & 63 == 0 { bits = signs.next() }
            let magnitude = lambd * radial.nextGammaPower(shape: shape, power: shape)
            out[i] = Float(bits & 1 == 0 ? magnitude : -magnitude)
            bits >>= 1
        }
    }
}
