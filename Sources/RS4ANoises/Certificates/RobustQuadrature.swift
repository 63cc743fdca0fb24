import RS4ANumerics

/// Gauss–Kronrod with a tolerance ladder: the numerics library throws rather than return a
/// result that misses its tolerance, so we ask for the tightest tolerance first and step
/// back (×10) only when floating-point resolution makes it unreachable. The tolerance
/// actually met is returned so callers can size their safety margins from it.
enum RobustQuadrature {
    /// (relative tolerance, interval budget): tight first with a small budget, so an
    /// unreachable tolerance costs little before the next rung.
    static let ladder: [(Double, Int)] = [(1e-13, 300), (1e-12, 1000), (1e-11, 4000), (1e-10, 8000)]

    static func integrate(from a: Double, to b: Double, breakPoints: [Double] = [], firstRung: Int = 0,
                          _ f: (Double) -> Double) throws -> (value: Double, tolerance: Double) {
        var lastError: Error?
        for (tolerance, budget) in ladder.dropFirst(firstRung) {
            do {
                let r = try Quadrature.integrate(from: a, to: b, breakPoints: breakPoints, absoluteTolerance: 0,
                                                 relativeTolerance: tolerance, maxIntervals: budget, f)
                return (r.value, tolerance)
            } catch let error as NumericsError {
                if case .noConvergence = error { lastError = error; continue }
                throw NoiseError.tableFailure("quadrature failed: \(error)")
            }
        }
        throw NoiseError.tableFailure("quadrature did not reach 1e-10 relative accuracy: \(lastError.map { "\($0)" } ?? "")")
    }
}
