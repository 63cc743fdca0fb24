import Foundation

/// The ρ grid of differential-method tables.
///
/// Points are uniform in w where z = ln((ρ − ½)/(1 − ρ)) = c·sinh(w/c), c = 10: spacing in z
/// is geometric in ρ − ½ near ½ and in 1 − ρ near 1 (where radii curve most) and finer in
/// between. From x_min = ρ₁ − ½ = 1e-10 to y_min = 1 − ρ_last = 1e-12 with 3000 points, the
/// previous-secant lookup stays within ~5e-5 relative of R for Gaussian-, log- and
/// Laplace-shaped radii (checked numerically; the tests check the real tables).
/// Every ρ_i is a Double in [½, 1], so 1 − ρ_i is exact (Sterbenz): integrals start at exactly 1 − ρ_i.
enum RhoGrid {
    static let count = 3000
    static let firstOffset = 1e-10   // ρ₁ − ½
    static let lastTail = 1e-12      // 1 − ρ_last
    static let warp = 10.0

    static func differential(count n: Int = count) -> [Double] {
        let zMin = log(firstOffset / (0.5 - firstOffset)), zMax = log((0.5 - lastTail) / lastTail)
        let wMin = warp * asinh(zMin / warp), wMax = warp * asinh(zMax / warp)
        var rho = [0.5]
        rho.reserveCapacity(n)
        for i in 0..<(n - 1) {
            let w = wMin + (wMax - wMin) * Double(i) / Double(n - 2)
            let z = warp * sinh(w / warp)
            let r = 1 - 0.5 / (1 + exp(z))
            if r > rho[rho.count - 1] { rho.append(r) }
        }
        return rho
    }
}
