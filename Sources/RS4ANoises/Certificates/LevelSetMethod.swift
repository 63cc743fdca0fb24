import Foundation
import RS4ANumerics

/// The level-set method (NOISES.md) at λ = 1: for a shift of ℓ2 length e, find t* with
/// pbig(t*, e) = ½; the noise certifies e at ρ(e) = 1 − psmall(t*, e) = pbig(−t*, e).
/// 1 − ρ(e) is integrated directly (complement of W), so it keeps its relative accuracy
/// deep in the tail.
enum LevelSetMethod {
    static let version = 2
    /// Radii of the table, in units of σ₁ = s(params): a few tiny radii (the first cell of the
    /// lookup returns 0, so it must be short: ≤ 1e-7·σ), then steps of 0.007·σ₁. For
    /// Gaussian-shaped radii the previous-secant error is ≈ (step/σ₁)² ≈ 5e-5 relative; the
    /// heavier-tailed Pow2 radii curve more (measured ≤ ~7e-5 at this step).
    static let tinyRadii: [Double] = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3]
    static let step = 0.007
    /// Stop once 1 − ρ falls below this (ρ then has ~3 significant digits left in 1 − ρ).
    static let smallestTail = 1e-13
    /// Grid blocks of 8σ₁ are added until 1 − ρ < `smallestTail`, up to this many σ₁.
    static let maximumRadius = 64.0
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

    /// σ₁ = s(params): the unit of the radius grid.
    static func buildTable(_ model: LevelSetModel, sigmaUnit: Double, threads: Int = Parallel.defaultThreadCount) throws -> RadiusTable {
        var radii: [Double] = [0]
        var tails: [Double] = [0.5]
        var blockStart = 0.0
        var finished = false
        while !finished {
            var block = blockStart == 0 ? tinyRadii : []
            let first = Int((blockStart / step).rounded()) + 1
            let last = Int(((blockStart + 8) / step).rounded())
            block += (first...last).map { Double($0) * step }
            let e = block.map { $0 * sigmaUnit }
            let results = try computeTails(model, e: e, threads: threads)
            for (ei, yi) in zip(e, results) {
                guard yi > 0 else { finished = true; break }
                guard yi < tails[tails.count - 1] else {
                    throw NoiseError.tableFailure("level-set \(model.family) d=\(model.d): 1 − ρ does not decrease at e = \(ei) (\(yi) after \(tails[tails.count - 1]))")
                }
                radii.append(ei)
                tails.append(yi)
                if yi < smallestTail { finished = true; break }
            }
            blockStart += 8
            if blockStart >= maximumRadius { finished = true }
        }
        // Sound storage: the tails already carry the margin, so ρ_i = 1 − y_i ≥ the exact ρ(e_i).
        var rho = [0.5] + tails.dropFirst().map { 1 - $0 }
        let kept = resolvableLength(rho: rho, radius: radii, tails: tails)
        rho.removeLast(rho.count - kept)
        radii.removeLast(radii.count - kept)
        do { return try RadiusTable(rho: rho, radius: radii) } catch {
            throw NoiseError.tableFailure("level-set \(model.family) d=\(model.d): \(error)")
        }
    }

    /// Below this 1 − ρ, storing ρ itself in Float64 leaves under ~7 significant digits in the
    /// spacing of neighbouring points, so secant slopes there carry rounding noise.
    static let roundingTail = 1e-9

    /// How many leading points to keep. Heavy-tailed noises in low dimension (e.g. Pow2 at
    /// d = 16) reach radii whose ρ differ from 1 by 1e-12: there the rounding of ρ can make a
    /// secant slope dip below its predecessor. The first such dip in the rounding regime ends
    /// the table, together with the point before it (whose ρ fed the noisy slope). Dropping tail
    /// points stays sound: beyond the last point the lookup extends the last secant, which
    /// lies below a convex radius function. A dip where ρ is well resolved is left in place,
    /// so `RadiusTable` still rejects it loudly.
    static func resolvableLength(rho: [Double], radius: [Double], tails: [Double]) -> Int {
        var previous = 0.0
        for i in 1..<rho.count {
            let slope = (radius[i] - radius[i - 1]) / (rho[i] - rho[i - 1])
            if slope < previous * (1 - 1e-6), tails[i] < roundingTail {
                return max(i - 1, 1)
            }
            previous = slope
        }
        return rho.count
    }

    /// 1 − ρ(e) for every e (increasing), in parallel chunks; each chunk walks its radii in
    /// order and extrapolates t* from the previous two to start the search close to the root.
    static func computeTails(_ model: LevelSetModel, e: [Double], threads: Int) throws -> [Double] {
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: e.count)
        defer { out.deallocate() }
        out.initialize(repeating: .nan)
        nonisolated(unsafe) let results = out
        let failure = FirstError()
        Parallel.forEachChunk(count: e.count, threads: threads) { range in
            var history: [(e: Double, t: Double)] = []
            for i in range {
                var guess = 0.0, step = 1e-3 * e[i]
                if history.count >= 2 {
                    let (e0, t0) = history[history.count - 2], (e1, t1) = history[history.count - 1]
                    guess = t1 + (t1 - t0) * (e[i] - e1) / (e1 - e0)
                    step = max(0.02 * abs(guess - t1), 1e-9 * abs(guess), 1e-300)
                } else if let (e1, t1) = history.last {
                    guess = t1 * (e[i] / e1) * (e[i] / e1)
                    step = max(0.1 * abs(guess), 1e-3 * e[i])
                }
                do {
                    let (y, t) = try tail(model, e: e[i], guess: guess, step: step)
                    results[i] = y
                    history.append((e[i], t))
                } catch {
                    failure.record(error)
                    return
                }
            }
        }
        if let error = failure.error { throw error }
        return Array(out)
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
