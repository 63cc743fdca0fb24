import Foundation
import RS4ANumerics

/// Radii of the differential method, R(ρ) = ∫_{1−ρ}^{½} dp / Ψ(p) at λ = 1, integrated over
/// the variable v of `DifferentialIntegrand` (end points inverted once, the integrand smooth
/// and free of inversions): tables on the `RhoGrid` and exact radii at given ρ.
enum DifferentialMethod {
    /// Bump when the grid, the integrand or the integration changes: old cache files then mismatch.
    static let version = 3
    /// Results are lowered by `safetyFactor` × the loosest relative tolerance any cell met
    /// (`RobustQuadrature`'s ladder: 1e-13 first, down to 1e-10 when rounding makes the tighter
    /// rungs unreachable), so that quadrature and special-function error never push a radius
    /// above the exact value. The cost is 1e-11 relative when every cell meets 1e-13, and up
    /// to 1e-8 if some cell only meets the last rung.
    static let safetyFactor = 100.0

    /// ∫ of the integrand's density between two values of v (either order; ∞ allowed).
    static func integral(_ psi: DifferentialIntegrand, _ v1: Double, _ v2: Double) throws -> (value: Double, tolerance: Double) {
        let lo = min(v1, v2), hi = max(v1, v2)
        guard hi > lo else { return (0, 0) }
        let result = try RobustQuadrature.integrate(from: lo, to: hi) { psi.density($0) }
        guard result.value.isFinite, result.value >= 0 else {
            throw NoiseError.tableFailure("\(psi.name): integral over v ∈ [\(lo), \(hi)] is \(result.value)")
        }
        return result
    }

    /// v at p = ½ (where every radius integral starts).
    static func halfPoint(_ psi: DifferentialIntegrand) -> Double {
        switch psi {
        case .gammaUpper, .betaPrime: return 0
        case .gammaLower, .expp: return .infinity
        }
    }

    /// The variable at 1 − ρ for every ρ (in parallel: inversions dominate the cost).
    static func variables(_ psi: DifferentialIntegrand, rhos: [Double], threads: Int) throws -> [Double] {
        let v = try ParallelResults.map(count: rhos.count, threads: threads) { i in
            rhos[i] <= 0.5 ? halfPoint(psi) : psi.variable(1 - rhos[i])
        }
        if let bad = v.indices.first(where: { v[$0].isNaN }) {
            throw NoiseError.tableFailure("\(psi.name): CDF inversion failed at ρ = \(rhos[bad])")
        }
        return v
    }

    /// Radii at sorted ρ (all in (½, 1)), as cumulative integrals between consecutive points,
    /// each cell integrated on its own (in parallel). Lowered by the safety margin.
    static func cumulative(_ psi: DifferentialIntegrand, sortedRhos rhos: [Double], threads: Int, biased: Bool = true) throws -> [Double] {
        let v = try variables(psi, rhos: rhos, threads: threads)
        let n = rhos.count
        let start = halfPoint(psi)
        let cells = try ParallelResults.map(count: n, threads: threads) { i in
            let r = try integral(psi, i == 0 ? start : v[i - 1], v[i])
            return (value: r.value, tolerance: r.tolerance)
        }
        // One margin for the whole table (from the loosest cell), so that scaling keeps the
        // points' monotonicity and convexity exactly.
        var tolerance = 1e-13
        for cell in cells { tolerance = max(tolerance, cell.tolerance) }
        let factor = biased ? 1 - safetyFactor * tolerance : 1
        var radius = [Double](repeating: 0, count: n)
        var sum = 0.0
        for i in 0..<n {
            sum += cells[i].value
            radius[i] = sum * factor
        }
        return radius
    }

    /// The table on `RhoGrid.differential()`.
    static func buildTable(_ psi: DifferentialIntegrand, threads: Int = Parallel.defaultThreadCount) throws -> RadiusTable {
        var rho = RhoGrid.differential()
        var radius = [0] + (try cumulative(psi, sortedRhos: Array(rho.dropFirst()), threads: threads))
        // Where R saturates (Expp with small p, ρ → 1) the increments fall below the Double
        // resolution of R and secants become rounding noise: stop there. Beyond the last point
        // the lookup's last-secant extension stays below the convex R, and R itself grows by
        // less than 1e-9 relative, so nothing measurable is lost.
        if let cut = (1..<radius.count).first(where: { rho[$0] > 0.99 && radius[$0] - radius[$0 - 1] < 1e-9 * radius[$0] }) {
            rho.removeSubrange(cut...)
            radius.removeSubrange(cut...)
        }
        do { return try RadiusTable(rho: rho, radius: radius) } catch {
            throw NoiseError.tableFailure("\(psi.name): \(error)")
        }
    }

    /// Exact radii at λ = 1 for any ρ, by direct integration independent of any table: the ρ
    /// are sorted and integrated cell by cell from ½ (their own partition, not the table grid).
    /// `biased: false` gives best estimates without the safety margin (for checks).
    static func exactRadii(_ psi: DifferentialIntegrand, rhos: [Double], threads: Int = Parallel.defaultThreadCount,
                           biased: Bool = true) throws -> [Double] {
        let order = rhos.indices.filter { rhos[$0] > 0.5 && rhos[$0] < 1 }.sorted { rhos[$0] < rhos[$1] }
        let radii = try cumulative(psi, sortedRhos: order.map { rhos[$0] }, threads: threads, biased: biased)
        var result = rhos.map { $0 <= 0.5 ? 0.0 : Double.infinity }
        for (i, index) in order.enumerated() { result[index] = radii[i] }
        if rhos.contains(where: { $0 >= 1 }) {
            let atOne = try radiusAtOne(psi)
            for i in rhos.indices where rhos[i] >= 1 { result[i] = atOne }
        }
        return result
    }

    /// The exact radius at λ = 1 for one ρ.
    static func exactRadius(_ psi: DifferentialIntegrand, rho: Double) throws -> Double {
        try exactRadii(psi, rhos: [rho], threads: 1)[0]
    }

    /// R at ρ = 1 (p → 0): finite only for Expp with p < 1 (v from 0 to ∞).
    static func radiusAtOne(_ psi: DifferentialIntegrand) throws -> Double {
        guard case .expp = psi else { return .infinity }
        let r = try integral(psi, 0, .infinity)
        return r.value * (1 - safetyFactor * max(r.tolerance, 1e-13))
    }
}

