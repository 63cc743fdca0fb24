import Foundation
import RS4ANumerics

/// The small tail S(v) = I_{½ − v·sd}(α, α) of Beta(α, α) (sd its standard deviation) for
/// v ∈ [0, v_max], as piecewise Chebyshev interpolants of ln S(v) + v²/2 — the sphere/ball
/// overlap W of the level-set method, which the quadratures evaluate millions of times for
/// one fixed α per table.
///
/// v_max ≤ 40 is where S falls below 1e-250; beyond it S is taken as 0 (every quantity the
/// tables integrate is ≥ 1e-30, so that changes nothing).
///
/// Why it is accurate: ln S(v) + v²/2 is analytic on a strip around [0, 40] (for Beta(α, α)
/// as for the normal tail, whose log has its nearest complex singularities ≈ 2.8 away from the
/// real axis; the zero of S at x = 0 lies beyond v = 40 when x = ½ − 40·sd ≥ 0.05), so degree
/// 12 on pieces of width ½ is exact to rounding. It is not trusted for that reason alone: the
/// construction compares the interpolant with `Special.betaI` between the nodes of every piece
/// and declines (nil: the caller then uses `Special.betaI` itself) unless
/// |Δ ln S| ≤ 1e-12·max(1, |ln S|) everywhere — S to 1e-12 relative while S ≥ 1/e, and to
/// |ln S|·1e-12 relative below (5e-11 at S = 1e-20, 6e-10 at S = 1e-250: in the far tail the
/// incomplete beta itself is no better than that). What reaches a table is that error weighted
/// by each value's share of an integral 1 − ρ ≥ 1e-13: values below 1e-3 of it (|ln S| ≤ 37
/// covers the rest) add under 1e-12, so 1 − ρ is within ~4e-11 relative — inside the level-set
/// tables' 1e-10 margin. Replacing the incomplete beta makes the level-set tables ~2× faster.
struct SymmetricBetaTail: Sendable {
    let alpha: Double
    let sd: Double
    static let range = 40.0
    /// S below this is taken as 0.
    static let smallest = 1e-250
    static let pieceWidth = 0.5
    static let degree = 12
    private let pieces: ChebyshevPieces
    /// The end of the last piece.
    let vMax: Double

    /// nil when α is too small for the interpolated range to stay clear of x = 0 (d < ~2000), or
    /// when the interpolant is not finite or fails its check; the caller then evaluates the
    /// incomplete beta directly (slower, never less accurate).
    init?(alpha: Double) {
        let sd = 1 / (2 * (2 * alpha + 1).squareRoot())
        guard 0.5 - Self.range * sd >= 0.05 else { return nil }
        self.alpha = alpha
        self.sd = sd
        func target(_ v: Double) -> Double { log(Special.betaI(alpha, alpha, 0.5 - v * sd)) + 0.5 * v * v }
        // Pieces up to where S falls below `smallest` (or v = 40).
        var count = 0
        while Double(count) * Self.pieceWidth < Self.range {
            let end = Double(count) * Self.pieceWidth
            guard exp(target(end) - 0.5 * end * end) >= Self.smallest else { break }
            count += 1
        }
        guard let pieces = ChebyshevPieces(lower: 0, width: Self.pieceWidth, count: count, degree: Self.degree, target) else {
            return nil
        }
        self.pieces = pieces
        vMax = pieces.upper
        // Check between the nodes: |Δ ln S| ≤ 1e-12·max(1, |ln S|) (see above).
        let deviation = pieces.largestDeviation(from: { v in
            let t = target(v)
            return t.isFinite ? t : .nan
        }, scale: { v in max(1, abs(target(v) - 0.5 * v * v)) })
        guard deviation <= 1e-12 else { return nil }
    }

    /// ln S(v) + v²/2 for v ∈ [0, v_max].
    @inline(__always) func logTail(_ v: Double) -> Double { pieces(v) }

    /// I_x(α, α) (or 1 − I_x(α, α)) for x ∈ [0, 1].
    @inline(__always) func value(_ x: Double, complement: Bool) -> Double {
        let z = (x - 0.5) / sd
        let v = abs(z)
        let small = v >= vMax ? 0 : exp(logTail(v) - 0.5 * v * v)
        // Lower half: I_x = S; upper half: 1 − I_x = S.
        return (z <= 0) != complement ? small : 1 - small
    }
}
