import Foundation

/// A smooth function on [lower, lower + count·width] as `count` Chebyshev interpolants of one
/// degree on equal pieces — for functions that a certificate evaluates millions of times with
/// fixed parameters (the Beta(α, α) tail of the level-set method, the Expp quantile). The
/// interpolants are only as trustworthy as the check their users run against the exact
/// function between the nodes.
struct ChebyshevPieces: Sendable {
    let lower: Double
    let width: Double
    let count: Int
    let degree: Int
    /// `degree + 1` coefficients per piece.
    private let coefficients: [Double]

    /// Interpolates `f` at the Chebyshev points of each piece; nil if a value is not finite, or
    /// if the pieces are not a finite range of normal positive width (an underflowed width
    /// would put every node at one point).
    init?(lower: Double, width: Double, count: Int, degree: Int, _ f: (Double) -> Double) {
        guard count >= 1, degree >= 0, lower.isFinite, width.isNormal, width > 0,
              (lower + Double(count) * width).isFinite else { return nil }
        self.lower = lower
        self.width = width
        self.count = count
        self.degree = degree
        let n = degree + 1
        var c: [Double] = []
        c.reserveCapacity(count * n)
        var values = [Double](repeating: 0, count: n)
        for p in 0..<count {
            let mid = lower + (Double(p) + 0.5) * width
            for k in 0..<n { values[k] = f(mid + 0.5 * width * cos(Double.pi * (Double(k) + 0.5) / Double(n))) }
            guard values.allSatisfy({ $0.isFinite }) else { return nil }
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += values[k] * cos(Double.pi * Double(j) * (Double(k) + 0.5) / Double(n)) }
                c.append(2 * sum / Double(n))
            }
        }
        coefficients = c
    }

    var upper: Double { lower + Double(count) * width }

    /// The interpolant at x (clamped to the covered range; NaN gives the first piece's value
    /// at NaN, i.e. NaN).
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let n = degree + 1
        // The piece index is clamped while still a Double: converting NaN or ±∞ to Int traps.
        let position = (x - lower) / width
        let p = position >= Double(count - 1) ? count - 1 : (position > 0 ? Int(position) : 0)
        let u = (x - lower - (Double(p) + 0.5) * width) / (0.5 * width)
        // Clenshaw.
        var b1 = 0.0, b2 = 0.0
        let base = p * n
        for j in stride(from: n - 1, through: 1, by: -1) {
            let b0 = 2 * u * b1 - b2 + coefficients[base + j]
            b2 = b1
            b1 = b0
        }
        return u * b1 - b2 + 0.5 * coefficients[base]
    }

    /// The largest |interpolant − f|/scale(x) over the ends of every piece and two points inside
    /// it (between the nodes); NaN values of f count as infinitely far.
    func largestDeviation(from f: (Double) -> Double, scale: (Double) -> Double) -> Double {
        var worst = 0.0
        for p in 0..<count {
            for fraction in [0.0, 0.27, 0.73, 1.0] {
                let x = lower + (Double(p) + fraction) * width
                let deviation = abs(self(x) - f(x)) / scale(x)
                worst = max(worst, deviation.isNaN ? .infinity : deviation)
            }
        }
        return worst
    }
}
