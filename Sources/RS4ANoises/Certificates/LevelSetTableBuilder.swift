import Foundation
import RS4ANumerics

/// The radius table of the level-set method: exact points (ρ(e), e) at λ = 1 on a grid of
/// radii e that is refined until the sound lookup meets the accuracy target everywhere.
///
/// Base grid, in units of σ₁ = s(params): a few tiny radii (the first cell of the lookup
/// returns 0, so it must be short: ≤ 1e-7·σ), then steps of 0.007·σ₁, computed in blocks
/// until 1 − ρ < `smallestTail`. For Gaussian-shaped radii that step alone keeps the lookup
/// within ~5e-5 relative; where R(ρ) bends more (small (d − j)/k, whose radial law piles up
/// at 0, bends sharply just above ρ = ½) the grid is refined cell by cell.
///
/// Refinement: on [ρ_i, ρ_{i+1}) the lookup is R_i + s_{i−1,i}(ρ − ρ_i) (s the secant slopes),
/// and R lies below the chord of its convex graph, so the lookup error there is at most
/// E_i = (s_{i,i+1} − s_{i−1,i})·(ρ_{i+1} − ρ_i). Cells around any point with E_i above
/// `refinementFactor` × max(1e-4·R_i, 1e-7·σ₁) (NOISES.md's target: 1e-4 relative, or 1e-7
/// absolute at σ = 1 where the radius is below 1e-3·σ) are cut into equal parts in e until
/// none is left. The bound is computed from the table points
/// themselves, so it holds for the table that is stored. Refinement is bounded (rounds and
/// points); a table still missing the target at that bound is a `tableFailure` naming the worst
/// cell — never a table that silently misses NOISES.md's accuracy target.
enum LevelSetTableBuilder {
    static let tinyRadii: [Double] = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3]
    static let step = 0.007
    /// Radii are solved in blocks of this many σ₁ (in parallel within a block), so that at most
    /// one block is solved beyond the end of the table.
    static let blockLength = 1.5
    /// Stop once 1 − ρ falls below this (ρ then has ~3 significant digits left in 1 − ρ).
    static let smallestTail = 1e-13
    /// Blocks are added until 1 − ρ < `smallestTail`, up to this many σ₁.
    static let maximumRadius = 64.0
    /// NOISES.md's accuracy target: 1e-4 relative, or 1e-7 absolute at σ = 1 (1e-7·σ₁ at λ = 1),
    /// whichever is larger.
    static let relativeAccuracy = 1e-4
    static let absoluteAccuracy = 1e-7
    /// The share of the target the error bound E_i may use (the rest covers the margin-lowered
    /// points and the error of any check against a direct solve).
    static let refinementFactor = 0.9
    /// Each round subdivides every flagged cell. Refinement stops after this many rounds or at
    /// `maximumPoints` (the tables that meet the target have ≤ ~2000 points and need ≤ 8
    /// rounds); the table then fails if a cell still misses the target.
    static let maximumRefinementRounds = 24
    /// The default point budget; `RS4A_LEVEL_SET_MAX_POINTS` (a positive integer) overrides it,
    /// to bound the cost of a build.
    static let defaultMaximumPoints = 20_000
    static var maximumPoints: Int {
        EnvironmentVariable.positiveInteger("RS4A_LEVEL_SET_MAX_POINTS") ?? defaultMaximumPoints
    }

    /// One solved table point: radius e, 1 − ρ(e) (margin-lowered) and the threshold t*.
    struct Point: Sendable, BitwiseCopyable {
        var e: Double
        var tail: Double
        var threshold: Double
    }

    /// The λ = 1 table; σ₁ = s(params) is the unit of the radius grid.
    static func build(_ model: LevelSetModel, sigmaUnit: Double, threads: Int = Parallel.defaultThreadCount) throws -> RadiusTable {
        var points = try baseGrid(model, sigmaUnit: sigmaUnit, threads: threads)
        try refine(&points, model, sigmaUnit: sigmaUnit, maximumPoints: maximumPoints, threads: threads)
        // Sound storage: the tails already carry the margin, so ρ_i = 1 − y_i ≥ the exact ρ(e_i).
        var rho = [0.5] + points.dropFirst().map { 1 - $0.tail }
        var radii = points.map(\.e)
        let kept = resolvableLength(rho: rho, radius: radii, tails: points.map(\.tail))
        rho.removeLast(rho.count - kept)
        radii.removeLast(radii.count - kept)
        do { return try RadiusTable(rho: rho, radius: radii) } catch {
            throw NoiseError.tableFailure("level-set \(model.family) d=\(model.d): \(error)")
        }
    }

    /// The base grid, starting with (e, 1 − ρ) = (0, ½).
    static func baseGrid(_ model: LevelSetModel, sigmaUnit: Double, threads: Int) throws -> [Point] {
        var points = [Point(e: 0, tail: 0.5, threshold: 0)]
        var blockStart = 0.0
        blocks: while blockStart < maximumRadius {
            var radii = blockStart == 0 ? tinyRadii : []
            let first = Int((blockStart / step).rounded()) + 1
            let last = Int(((blockStart + blockLength) / step).rounded())
            radii += (first...last).map { Double($0) * step }
            let e = radii.map { $0 * sigmaUnit }
            for point in try solveInOrder(model, e: e, after: points, threads: threads) {
                guard point.tail > 0 else { break blocks }
                guard point.tail < points[points.count - 1].tail else {
                    throw NoiseError.tableFailure("level-set \(model.family) d=\(model.d): 1 − ρ does not decrease at e = \(point.e) (\(point.tail) after \(points[points.count - 1].tail))")
                }
                points.append(point)
                if point.tail < smallestTail { break blocks }
            }
            blockStart += blockLength
        }
        return points
    }

    /// Subdivides the cells around every point whose lookup error bound misses the target,
    /// adding at most `maximumPoints` − (points so far) points in all; throws if the bounds on
    /// rounds or points stop it before every cell meets the target.
    static func refine(_ points: inout [Point], _ model: LevelSetModel, sigmaUnit: Double, maximumPoints: Int,
                       threads: Int) throws {
        var budgetSpent = false   // in the last round, some cell got fewer parts than it needed
        for _ in 0..<maximumRefinementRounds {
            budgetSpent = false
            let parts = subdivisions(points, sigmaUnit: sigmaUnit)
            var budget = maximumPoints - points.count
            var seeds: [(e: Double, guess: Double, step: Double)] = []
            var owner: [Int] = []   // the cell of each new point
            for (c, wanted) in parts.enumerated() where wanted > 1 {
                // Cells are cut in ρ order while the budget lasts (a cut cell gets equal parts).
                let m = min(wanted, max(budget, 0) + 1)
                if m < wanted { budgetSpent = true }
                if m == 1 { continue }
                budget -= m - 1
                let (left, right) = (points[c], points[c + 1])
                let dt = right.threshold - left.threshold
                for q in 1..<m {
                    let f = Double(q) / Double(m)
                    let guess = left.threshold + f * dt
                    seeds.append((left.e + f * (right.e - left.e), guess, max(0.1 * abs(dt) / Double(m), 1e-9 * abs(guess), 1e-300)))
                    owner.append(c)
                }
            }
            if seeds.isEmpty { break }   // every cell meets the target, or no budget is left
            let solved = try solveEach(model, seeds: seeds, threads: threads)
            var merged: [Point] = []
            merged.reserveCapacity(points.count + solved.count)
            var next = 0
            for (c, point) in points.enumerated() {
                merged.append(point)
                while next < solved.count, owner[next] == c {
                    let mid = solved[next]
                    next += 1
                    if mid.tail < merged[merged.count - 1].tail && mid.tail > points[c + 1].tail {
                        merged.append(mid)
                    } else if points[c + 1].tail >= roundingTail {
                        throw NoiseError.tableFailure("level-set \(model.family) d=\(model.d): 1 − ρ does not decrease at e = \(mid.e) (\(mid.tail) between \(merged[merged.count - 1].tail) and \(points[c + 1].tail))")
                    }
                    // (In the rounding regime a point that does not fall strictly between its
                    // neighbours is dropped: the cell keeps its exact end points.)
                }
            }
            points = merged
        }
        if let miss = worstMiss(points, sigmaUnit: sigmaUnit) {
            let limit = budgetSpent ? "at its budget of \(maximumPoints) points (RS4A_LEVEL_SET_MAX_POINTS)"
                                    : "after \(maximumRefinementRounds) rounds"
            throw NoiseError.tableFailure("level-set \(model.family) d=\(model.d): refinement stopped \(limit) with the lookup error bound \(miss.bound) above the accuracy target \(miss.target) at ρ = \(miss.rho) (\(points.count) points); the method .direct solves each radius instead")
        }
    }

    /// The point whose lookup error bound exceeds its share of the accuracy target the most, if
    /// any (the same test `subdivisions` refines by).
    static func worstMiss(_ points: [Point], sigmaUnit: Double) -> (rho: Double, bound: Double, target: Double)? {
        var worst: (rho: Double, bound: Double, target: Double)?
        forEachErrorBound(points, sigmaUnit: sigmaUnit) { i, bound, target in
            if bound > target, bound / target > (worst.map { $0.bound / $0.target } ?? 0) {
                worst = (1 - points[i].tail, bound, target)
            }
        }
        return worst
    }

    /// For every cell [point c, point c + 1], the number of equal parts (in e) to cut it into:
    /// 1 unless a point at either end has a lookup error bound E_i above its target T_i; then
    /// ⌈√(E_i/T_i)⌉ from the worse end (E_i scales with the square of the cell widths around i).
    static func subdivisions(_ points: [Point], sigmaUnit: Double) -> [Int] {
        guard points.count >= 3 else { return [] }
        var parts = [Int](repeating: 1, count: points.count - 1)
        forEachErrorBound(points, sigmaUnit: sigmaUnit) { i, bound, target in
            guard bound > target else { return }
            let m = Int(min((bound / target).squareRoot(), 64).rounded(.up))
            parts[i - 1] = max(parts[i - 1], m)
            parts[i] = max(parts[i], m)
        }
        return parts
    }

    /// `body(i, E_i, T_i)` for every inner point i: its lookup error bound and its share of the
    /// accuracy target.
    static func forEachErrorBound(_ points: [Point], sigmaUnit: Double, _ body: (Int, Double, Double) -> Void) {
        let n = points.count
        guard n >= 3 else { return }
        let rho = points.map { $0.e == 0 ? 0.5 : 1 - $0.tail }
        var previousSlope = (points[1].e - points[0].e) / (rho[1] - rho[0])
        for i in 1..<(n - 1) {
            let width = rho[i + 1] - rho[i]
            let slope = (points[i + 1].e - points[i].e) / width
            body(i, (slope - previousSlope) * width,
                 refinementFactor * max(relativeAccuracy * points[i].e, absoluteAccuracy * sigmaUnit))
            previousSlope = slope
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

    /// Points for increasing radii, in parallel chunks; each chunk walks its radii in order and
    /// extrapolates t* from its previous two points (the first chunk from the last two `after`).
    static func solveInOrder(_ model: LevelSetModel, e: [Double], after known: [Point], threads: Int) throws -> [Point] {
        let seedHistory = known.count >= 3 ? known.suffix(2).map { (e: $0.e, t: $0.threshold) } : []
        return try ParallelResults.chunked(count: e.count, threads: threads) { range, out in
            var history: [(e: Double, t: Double)] = range.lowerBound == 0 ? seedHistory : []
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
                let (y, t) = try LevelSetMethod.tail(model, e: e[i], guess: guess, step: step)
                out[i] = Point(e: e[i], tail: y, threshold: t)
                history.append((e[i], t))
            }
        }
    }

    /// Points for independent radii, each with its own threshold guess and search step.
    static func solveEach(_ model: LevelSetModel, seeds: [(e: Double, guess: Double, step: Double)],
                          threads: Int) throws -> [Point] {
        try ParallelResults.map(count: seeds.count, threads: threads) { i in
            let (e, guess, step) = seeds[i]
            let (y, t) = try LevelSetMethod.tail(model, e: e, guess: guess, step: step)
            return Point(e: e, tail: y, threshold: t)
        }
    }
}
