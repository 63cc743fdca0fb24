import Foundation
import RS4ANumerics

/// Radii of the differential method, R(ρ) = ∫_{1−ρ}^{½} dp / Ψ(p) at λ = 1: tables on the
/// `RhoGrid` and the exact radius at one ρ. Integrals run over w = ln p (the integrand
/// p/Ψ(p) is smooth in w down to p = 1e-12) with Gauss–Kronrod at 1e-13 relative tolerance.
enum DifferentialMethod {
    /// Bump when the grid, the integrand or the integration changes: old cache files then mismatch.
    static let version = 1
    /// Table values are lowered by `safetyFactor` × the quadrature tolerance met (at least
    /// 1e-11 relative) so that quadrature error can never push a point above the exact radius.
    static let safetyFactor = 100.0

    /// ∫_{lower}^{upper} dp/Ψ(p), 0 < lower ≤ upper ≤ ½.
    static func segment(_ psi: DifferentialIntegrand, lower: Double, upper: Double) throws -> (value: Double, tolerance: Double) {
        guard upper > lower else { return (0, 0) }
        let result = try RobustQuadrature.integrate(from: log(lower), to: log(upper)) { w in
            let p = exp(w)
            return p / psi.psi(p)
        }
        guard result.value.isFinite, result.value >= 0 else {
            throw NoiseError.tableFailure("\(psi.name): integral over p ∈ [\(lower), \(upper)] is \(result.value)")
        }
        return result
    }

    /// The exact radius at λ = 1 for ρ ∈ (½, 1), integrated directly (no table).
    static func exactRadius(_ psi: DifferentialIntegrand, rho: Double) throws -> Double {
        guard rho > 0.5 else { return 0 }
        guard rho < 1 else { return try psi.radiusAtOne() }
        let r = try segment(psi, lower: 1 - rho, upper: 0.5)
        return r.value * (1 - r.tolerance)
    }

    /// The table on `RhoGrid.differential()`, one quadrature per grid cell, cells in parallel.
    static func buildTable(_ psi: DifferentialIntegrand, threads: Int = Parallel.defaultThreadCount) throws -> RadiusTable {
        let rho = RhoGrid.differential()
        let n = rho.count
        let pieces = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n)
        defer { pieces.deallocate() }
        pieces.initialize(repeating: .nan)
        nonisolated(unsafe) let out = pieces
        let failure = FailureBox()
        Parallel.forEachChunk(count: n - 1, threads: threads) { range in
            for i in range {
                // Cell i + 1: p from 1 − ρ_{i+1} up to 1 − ρ_i.
                do {
                    let r = try segment(psi, lower: 1 - rho[i + 1], upper: 1 - rho[i])
                    out[i + 1] = r.value
                    out[n + i + 1] = r.tolerance
                } catch {
                    failure.record(error)
                    return
                }
            }
        }
        if let error = failure.error { throw error }
        var radius = [Double](repeating: 0, count: n)
        var sum = 0.0, tolerance = 1e-13
        for i in 1..<n {
            sum += pieces[i]
            tolerance = max(tolerance, pieces[n + i])
            radius[i] = sum * (1 - safetyFactor * tolerance)
        }
        do { return try RadiusTable(rho: rho, radius: radius) } catch {
            throw NoiseError.tableFailure("\(psi.name): \(error)")
        }
    }
}

extension DifferentialIntegrand {
    /// R at ρ = 1 (the whole integral down to p = 0): finite only for Expp with p < 1.
    func radiusAtOne() throws -> Double {
        if case .expp = self {
            let r = try DifferentialMethod.segment(self, lower: 1e-300, upper: 0.5)
            return r.value * (1 - r.tolerance)
        }
        return .infinity
    }
}

/// Collects the first error thrown inside a parallel loop.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    func record(_ e: Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = e }
    }
}
