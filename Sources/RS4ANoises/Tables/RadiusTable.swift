// A table of exact radius points (ρ_i, R_i) at λ = 1 and its sound convex lookup.

/// Exact points of a convex increasing radius function R(ρ) at λ = 1, starting at (½, 0).
///
/// Construction checks everything the lookup's soundness relies on and fails loudly
/// otherwise: finite values, ρ₀ = ½ and R₀ = 0, both columns strictly increasing, the last
/// ρ close to 1, and nondecreasing secant slopes (convexity, up to rounding).
public struct RadiusTable: Sendable, Equatable {
    /// Probabilities ρ_i, strictly increasing from ½.
    public let rho: [Double]
    /// Radii R_i at λ = 1, strictly increasing from 0.
    public let radius: [Double]

    /// The highest ρ a table must reach ("approaches 1").
    public static let minimumLastRho = 0.999

    /// - Throws: `NoiseError.tableFailure` naming the first violated property.
    public init(rho: [Double], radius: [Double]) throws {
        guard rho.count == radius.count, rho.count >= 3 else {
            throw NoiseError.tableFailure("a table needs ≥ 3 points and equal columns (got \(rho.count) ρ, \(radius.count) R)")
        }
        guard rho[0] == 0.5, radius[0] == 0 else {
            throw NoiseError.tableFailure("a table must start at (ρ, R) = (½, 0), got (\(rho[0]), \(radius[0]))")
        }
        for i in 1..<rho.count {
            guard rho[i].isFinite, radius[i].isFinite, rho[i] <= 1 else {
                throw NoiseError.tableFailure("point \(i) is not finite or has ρ > 1: (\(rho[i]), \(radius[i]))")
            }
            guard rho[i] > rho[i - 1], radius[i] > radius[i - 1] else {
                throw NoiseError.tableFailure("not strictly increasing at point \(i): (\(rho[i - 1]), \(radius[i - 1])) → (\(rho[i]), \(radius[i]))")
            }
        }
        guard let last = rho.last, last >= RadiusTable.minimumLastRho else {
            throw NoiseError.tableFailure("the last ρ is \(rho.last ?? .nan); a table must reach ρ ≥ \(RadiusTable.minimumLastRho)")
        }
        // Convexity: secant slopes must not decrease beyond rounding noise (relative 1e-6).
        var previous = 0.0
        for i in 1..<rho.count {
            let slope = (radius[i] - radius[i - 1]) / (rho[i] - rho[i - 1])
            guard slope >= previous * (1 - 1e-6) else {
                throw NoiseError.tableFailure("not convex at point \(i): secant slope \(slope) after \(previous)")
            }
            previous = slope
        }
        self.rho = rho
        self.radius = radius
    }

    /// The sound lookup (NOISES.md): for ρ_i ≤ ρ < ρ_{i+1}, R_i + s_{i−1,i}·(ρ − ρ_i) with
    /// s_{i−1,i} the previous secant slope; 0 in the first cell; the last secant beyond the last point.
    /// Never above the convex function the points lie on. ρ ≤ ½ gives 0.
    public func lookup(_ p: Double) -> Double {
        guard p > 0.5 else { return 0 }
        // Largest i with rho[i] ≤ p (binary search; rho[0] = ½ < p).
        var lo = 0, hi = rho.count - 1
        if p >= rho[hi] { lo = hi } else {
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if rho[mid] <= p { lo = mid } else { hi = mid }
            }
        }
        guard lo > 0 else { return 0 }
        let slope = (radius[lo] - radius[lo - 1]) / (rho[lo] - rho[lo - 1])
        return radius[lo] + slope * (p - rho[lo])
    }
}
