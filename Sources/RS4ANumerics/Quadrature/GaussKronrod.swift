/// Result of an adaptive integration.
public struct QuadratureResult: Sendable {
    /// The integral estimate.
    public let value: Double
    /// Estimated absolute error of `value`.
    public let errorEstimate: Double
    /// Number of integrand evaluations used.
    public let evaluations: Int

    public init(value: Double, errorEstimate: Double, evaluations: Int) {
        self.value = value
        self.errorEstimate = errorEstimate
        self.evaluations = evaluations
    }
}

/// Adaptive numerical integration.
public enum Quadrature {
    /// Adaptive Gauss–Kronrod (10/21-point) integration of f over [a, b].
    ///
    /// `a = −∞` and/or `b = +∞` are allowed: each infinite piece is mapped to [0, 1)
    /// by x = u ± t/(1 − t). `breakPoints` (finite, strictly between a and b; order
    /// and duplicates do not matter) split the range before any subdivision — pass
    /// kinks, jumps and steep layers there. Integrable endpoint singularities such as
    /// x^−½ at 0 are fine: the rule never evaluates an endpoint. a > b gives −∫_b^a.
    ///
    /// The interval with the largest error estimate is bisected until the total
    /// estimate is ≤ max(absoluteTolerance, relativeTolerance·|value|).
    ///
    /// - Throws: `NumericsError.invalidArgument` for NaN limits, a break point outside
    ///   (a, b), negative or NaN tolerances, `maxIntervals < 1`, or an integrand value
    ///   that is not finite; `NumericsError.noConvergence` when the tolerance is not met
    ///   within `maxIntervals` subintervals or floating-point resolution (the message
    ///   reports the best value and its error estimate). It never returns a result that
    ///   misses the requested tolerance.
    public static func integrate(
        from a: Double, to b: Double, breakPoints: [Double] = [],
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
        maxIntervals: Int = 2000, _ f: (Double) -> Double
    ) throws -> QuadratureResult {
        guard !a.isNaN, !b.isNaN else {
            throw NumericsError.invalidArgument("integration limits must not be NaN (got a = \(a), b = \(b))")
        }
        guard absoluteTolerance >= 0, relativeTolerance >= 0 else {
            throw NumericsError.invalidArgument(
                "absoluteTolerance and relativeTolerance must be ≥ 0 (got \(absoluteTolerance), \(relativeTolerance))")
        }
        guard maxIntervals >= 1 else {
            throw NumericsError.invalidArgument("maxIntervals must be ≥ 1 (got \(maxIntervals))")
        }
        if a == b && a.isInfinite {
            throw NumericsError.invalidArgument("integration limits must not both be the same infinity (got a = \(a), b = \(b))")
        }
        if a == b { return QuadratureResult(value: 0, errorEstimate: 0, evaluations: 0) }
        let (lo, hi, sign) = a < b ? (a, b, 1.0) : (b, a, -1.0)
        var points = [lo]
        for p in breakPoints.sorted() {
            guard p.isFinite, p > lo, p < hi else {
                throw NumericsError.invalidArgument(
                    "break points must be finite and strictly between the limits \(lo) and \(hi) (got \(p))")
            }
            if p != points[points.count - 1] { points.append(p) }
        }
        if lo == -.infinity && hi == .infinity && points.count == 1 { points.append(0) }
        points.append(hi)

        return try withoutActuallyEscaping(f) { integrand in
            var integrator = AdaptiveIntegrator(f: integrand)
            for i in 0..<(points.count - 1) {
                try integrator.addSegment(points[i], points[i + 1])
            }
            let (value, error) = try integrator.refine(
                absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, maxIntervals: maxIntervals)
            return QuadratureResult(value: sign * value, errorEstimate: error, evaluations: integrator.evaluations)
        }
    }
}

/// How a segment's t ∈ [t0, t1] maps to x.
private enum SegmentMap {
    case finite                       // x = t
    case upperInfinite(Double)        // x = u + t/(1 − t), t ∈ [0, 1)
    case lowerInfinite(Double)        // x = v − t/(1 − t), t ∈ [0, 1)
}

private struct Subinterval {
    var t0: Double
    var t1: Double
    var map: SegmentMap
    var value: Double
    var error: Double
    var splittable: Bool
}

private struct AdaptiveIntegrator {
    let f: (Double) -> Double
    var intervals: [Subinterval] = []
    var evaluations = 0

    mutating func addSegment(_ u: Double, _ v: Double) throws {
        if u.isFinite && v.isFinite {
            intervals.append(try evaluate(u, v, .finite))
        } else if u.isFinite {
            intervals.append(try evaluate(0, 1, .upperInfinite(u)))
        } else {
            intervals.append(try evaluate(0, 1, .lowerInfinite(v)))
        }
    }

    /// f(x(t))·dx/dt, with the point at infinity contributing 0.
    private mutating func integrand(_ t: Double, _ map: SegmentMap) throws -> Double {
        let x: Double
        let jacobian: Double
        switch map {
        case .finite:
            x = t
            jacobian = 1
        case .upperInfinite(let u):
            if t >= 1 { return 0 }
            let s = 1 - t
            x = u + t / s
            jacobian = 1 / (s * s)
        case .lowerInfinite(let v):
            if t >= 1 { return 0 }
            let s = 1 - t
            x = v - t / s
            jacobian = 1 / (s * s)
        }
        evaluations += 1
        let y = f(x)
        guard y.isFinite else {
            throw NumericsError.invalidArgument("the integrand must be finite; it returned \(y) at x = \(x)")
        }
        if y == 0 || !x.isFinite { return 0 }
        return y * jacobian
    }

    /// One 21-point Kronrod evaluation with a QUADPACK-style error estimate:
    /// the Gauss–Kronrod difference, rescaled by the integrand's variation (resasc)
    /// and floored at the rounding level of ∫|f|.
    private mutating func evaluate(_ t0: Double, _ t1: Double, _ map: SegmentMap) throws -> Subinterval {
        let centre = 0.5 * (t0 + t1)
        let half = 0.5 * (t1 - t0)
        let xs = KronrodRule.abscissae
        let wk = KronrodRule.kronrodWeights
        let wg = KronrodRule.gaussWeights
        let fc = try integrand(centre, map)
        var kronrod = fc * wk[10]
        var gauss = 0.0
        var absolute = abs(fc) * wk[10]
        // The 20 off-centre values are kept (on the stack) for the variation estimate.
        let variation: Double = try withUnsafeTemporaryAllocation(of: Double.self, capacity: 20) { values in
            for j in 0..<10 {
                let dx = half * xs[j]
                let f1 = try integrand(centre - dx, map)
                let f2 = try integrand(centre + dx, map)
                values[2 * j] = f1
                values[2 * j + 1] = f2
                kronrod += wk[j] * (f1 + f2)
                absolute += wk[j] * (abs(f1) + abs(f2))
                if j % 2 == 1 { gauss += wg[j / 2] * (f1 + f2) }
            }
            let mean = 0.5 * kronrod
            var v = wk[10] * abs(fc - mean)
            for j in 0..<10 { v += wk[j] * (abs(values[2 * j] - mean) + abs(values[2 * j + 1] - mean)) }
            return v
        }
        let scale = abs(half)
        let value = kronrod * half
        let resAbs = absolute * scale
        let resAsc = variation * scale
        var error = abs((kronrod - gauss) * half)
        if resAsc != 0 && error != 0 {
            error = resAsc * min(1, pow15(200 * error / resAsc))
        }
        if resAbs > Double.leastNormalMagnitude / (50 * Double.ulpOfOne) {
            error = max(50 * Double.ulpOfOne * resAbs, error)
        }
        // Too narrow to bisect further in floating point.
        let mid = centre
        let splittable = mid > t0 && mid < t1 && half > 8 * Double.ulpOfOne * max(abs(t0), abs(t1), Double.leastNormalMagnitude)
        return Subinterval(t0: t0, t1: t1, map: map, value: value, error: error, splittable: splittable)
    }

    /// Bisects the worst interval until the tolerance is met.
    ///
    /// The rule is the classic one — bisect the splittable interval with the largest error
    /// estimate (the first such one on ties), stop when the left-to-right sums of the interval
    /// values and errors meet the tolerance — with the intervals kept in a max-heap by error and
    /// the sums updated as intervals are replaced, so each step costs O(log n) instead of a
    /// rescan of all n intervals. The updated sums can differ from the left-to-right ones by
    /// rounding; whenever that could change the stopping decision they are recomputed exactly,
    /// so the intervals bisected, the value and the error estimate are the same as a rescan's.
    mutating func refine(absoluteTolerance: Double, relativeTolerance: Double, maxIntervals: Int) throws -> (Double, Double) {
        var heap = ErrorHeap()
        for (i, s) in intervals.enumerated() where s.splittable && !s.error.isNaN { heap.push(error: s.error, index: i) }
        var sums = freshSums()
        while true {
            let n = Double(intervals.count)
            // The running sums started as left-to-right sums (each within n·ε·Σ|terms| of the
            // exact sum) and have drifted by at most `drift` since; a left-to-right sum now is
            // again within n·ε·Σ|terms|. So |running − left-to-right| ≤ drift + 2n·ε·Σ|terms|
            // (for the errors, which are ≥ 0, Σ|terms| is their sum).
            let totalSlack = sums.totalDrift + 2 * n * Double.ulpOfOne * 2 * max(sums.magnitude, abs(sums.total))
            let errorSlack = sums.errorDrift + 2 * n * Double.ulpOfOne * 2 * sums.error
            let highTarget = max(absoluteTolerance, relativeTolerance * (abs(sums.total) + totalSlack))
            if !(sums.error - errorSlack > highTarget) {
                // Converged or too close to tell: decide on the left-to-right sums.
                sums = freshSums()
                let target = max(absoluteTolerance, relativeTolerance * abs(sums.total))
                if sums.error <= target { return (sums.total, sums.error) }
            }
            guard let worst = heap.first, intervals.count < maxIntervals else {
                let fresh = freshSums()
                let target = max(absoluteTolerance, relativeTolerance * abs(fresh.total))
                let reason = heap.first == nil ? "floating-point resolution" : "maxIntervals = \(maxIntervals) subintervals"
                throw NumericsError.noConvergence(
                    "adaptive quadrature reached \(reason) with value \(fresh.total) and error estimate \(fresh.error) > tolerance \(target)")
            }
            heap.popFirst()
            let s = intervals[worst]
            let mid = 0.5 * (s.t0 + s.t1)
            let left = try evaluate(s.t0, mid, s.map)
            let right = try evaluate(mid, s.t1, s.map)
            intervals[worst] = left
            intervals.append(right)
            if left.splittable && !left.error.isNaN { heap.push(error: left.error, index: worst) }
            if right.splittable && !right.error.isNaN { heap.push(error: right.error, index: intervals.count - 1) }
            sums.replace(s, with: left, right)
        }
    }

    /// The left-to-right sums over `intervals` (exactly the sums a rescan forms).
    private func freshSums() -> RunningSums {
        var sums = RunningSums()
        for s in intervals {
            sums.total += s.value
            sums.error += s.error
            sums.magnitude += abs(s.value)
        }
        return sums
    }
}

/// Sums of the interval values and errors kept up to date as intervals are replaced, with
/// bounds on the rounding they have picked up since the last left-to-right sum.
private struct RunningSums {
    var total = 0.0, error = 0.0, magnitude = 0.0
    var totalDrift = 0.0, errorDrift = 0.0

    mutating func replace(_ old: Subinterval, with left: Subinterval, _ right: Subinterval) {
        // Each addition rounds by at most ε/2 of its result; ε per result is a safe bound.
        let t1 = total - old.value, t2 = t1 + left.value, t3 = t2 + right.value
        totalDrift += Double.ulpOfOne * (abs(t1) + abs(t2) + abs(t3))
        total = t3
        let e1 = error - old.error, e2 = e1 + left.error, e3 = e2 + right.error
        errorDrift += Double.ulpOfOne * (abs(e1) + abs(e2) + abs(e3))
        error = e3
        magnitude = max(magnitude - abs(old.value) + abs(left.value) + abs(right.value), 0)   // (used ×2 above)
    }
}

/// A binary max-heap of interval indices by error estimate; among equal errors the smaller
/// index comes first (the interval a left-to-right scan for the largest error would pick).
private struct ErrorHeap {
    private var items: [(error: Double, index: Int)] = []

    var first: Int? { items.first?.index }

    @inline(__always) private func above(_ a: (error: Double, index: Int), _ b: (error: Double, index: Int)) -> Bool {
        a.error > b.error || (a.error == b.error && a.index < b.index)
    }

    mutating func push(error: Double, index: Int) {
        items.append((error, index))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard above(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let l = 2 * parent + 1, r = l + 1
            var best = parent
            if l < items.count && above(items[l], items[best]) { best = l }
            if r < items.count && above(items[r], items[best]) { best = r }
            if best == parent { break }
            items.swapAt(parent, best)
            parent = best
        }
    }
}

@inline(__always) private func pow15(_ x: Double) -> Double { x * x.squareRoot() }
