import Foundation
import RS4ANumerics

/// The level-set method (NOISES.md) at λ = 1: for a shift of ℓ2 length e, find t* with
/// pbig(t*, e) = ½; the noise certifies e at ρ(e) = 1 − psmall(t*, e) = pbig(−t*, e).
/// 1 − ρ(e) is integrated directly (complement of W), so it keeps its relative accuracy
/// deep in the tail.
enum LevelSetMethod {
    /// Bump when the grid, the model or the solver changes: old cache files then mismatch.
    static let version = 3
    /// 1 − ρ is lowered by this relative margin before it is stored, which moves every table
    /// point to a slightly larger ρ (a smaller certified radius) and covers quadrature error.
    static let safetyMargin = 1e-10

    /// |pbig(t, e) − ½| at which t is accepted as t*: the quadrature's own accuracy
    /// (1e-12 relative). The ρ error this causes is of the same size — far inside the
    /// 1e-10 relative margin on 1 − ρ.
    static let thresholdTolerance = 2e-13

    /// t* with pbig(t*, e) = ½. pbig increases with t (a higher threshold shrinks the ball of
    /// radius s, so more of each sphere lies outside it). Bracketed from `guess` by steps
    /// growing ×4, then refined by the Illinois variant of regula falsi, which reuses every
    /// value and converges superlinearly (each evaluation is a full quadrature).
    static func threshold(_ model: LevelSetModel, e: Double, guess: Double, step: Double) throws -> Double {
        func g(_ t: Double) throws -> Double { try model.probability(t: t, e: e, complement: false) - 0.5 }
        var a = guess, ga = try g(a)
        if abs(ga) <= thresholdTolerance { return a }
        let direction: Double = ga > 0 ? -1 : 1
        var h = max(step, 1e-300)
        var b = a + direction * h, gb = try g(b)
        var expansions = 0
        while (gb > 0) == (ga > 0) && abs(gb) > thresholdTolerance {
            a = b; ga = gb
            h *= 4
            b = a + direction * h
            gb = try g(b)
            expansions += 1
            guard expansions < 200 else {
                throw NoiseError.tableFailure("level-set: no threshold t* found for e = \(e)")
            }
        }
        if abs(gb) <= thresholdTolerance { return b }
        // Illinois: keep a bracket [a, b] with ga, gb of opposite signs.
        var side = 0
        for _ in 0..<200 {
            let c = b - gb * (b - a) / (gb - ga)
            let gc = try g(c)
            if abs(gc) <= thresholdTolerance || c == a || c == b { return c }
            if (gc > 0) == (gb > 0) {
                b = c; gb = gc
                if side == -1 { ga *= 0.5 }
                side = -1
            } else {
                a = c; ga = gc
                if side == 1 { gb *= 0.5 }
                side = 1
            }
            if abs(b - a) <= 4 * Double.ulpOfOne * max(abs(a), abs(b)) { return 0.5 * (a + b) }
        }
        throw NoiseError.tableFailure("level-set: threshold search did not converge for e = \(e)")
    }

    /// 1 − ρ(e) at λ = 1, lowered by the safety margin (so ρ is never understated), and t*.
    /// `guess`/`step` seed the threshold search.
    /// `biased: false` returns the best estimate instead (for checks against the tables).
    static func tail(_ model: LevelSetModel, e: Double, guess: Double = 0, step: Double? = nil,
                     biased: Bool = true) throws -> (tail: Double, threshold: Double) {
        let t = try threshold(model, e: e, guess: guess, step: step ?? 1e-3 * e)
        let y = try model.probabilityAndTolerance(t: -t, e: e, complement: true)
        return (biased ? y.value * (1 - max(safetyMargin, 100 * y.tolerance)) : y.value, t)
    }

    /// The certified ρ for an ℓ2 shift of length e at λ = 1 (exact up to quadrature accuracy).
    static func rho(_ model: LevelSetModel, e: Double) throws -> Double {
        guard e > 0 else { return 0.5 }
        return 1 - (try tail(model, e: e).tail)
    }

    /// The exact radius at λ = 1 for ρ ∈ (½, 1) by solving ρ(e) = ρ for e (slow: nested root
    /// finding). The answer is biased down by the solver tolerance, never up.
    /// `biased: false` gives the best estimate without any safety margin (for checks).
    static func exactRadius(_ model: LevelSetModel, rho: Double, sigmaUnit: Double, biased: Bool = true) throws -> Double {
        guard rho > 0.5 else { return 0 }
        guard rho < 1 else { return .infinity }
        let target = log(1 - rho)
        func f(_ e: Double) throws -> Double { log(try tail(model, e: e, biased: biased).tail) - target }  // decreasing in e
        var lo = 1e-9 * sigmaUnit, hi = sigmaUnit
        guard try f(lo) > 0 else { return 0 }  // ρ within ~1e-10 of ½: certify nothing rather than guess
        while try f(hi) > 0 {
            lo = hi
            hi *= 2
            guard hi < 1e6 * sigmaUnit else { throw NoiseError.tableFailure("level-set: no radius found for ρ = \(rho)") }
        }
        let failure = FirstError()
        let e = try RootFinding.brent(lower: lo, upper: hi, xTolerance: 1e-13 * hi, maxIterations: 300) { e in
            do { return try f(e) } catch { failure.record(error); return .nan }
        }
        if let error = failure.error { throw error }
        return biased ? e * (1 - 1e-11) : e
    }
}
