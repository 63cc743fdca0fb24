/// A univariate continuous distribution with accurate tails.
///
/// Parameters are validated once, at construction. Methods return `.nan` for a
/// probability outside [0, 1] or a NaN argument; they never trap.
public protocol ContinuousDistribution: Sendable {
    /// Density at x (0 outside the support).
    func pdf(_ x: Double) -> Double
    /// Natural log of the density (−∞ outside the support).
    func logpdf(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x) = 1 − cdf(x), computed directly so it stays accurate in the upper tail.
    func sf(_ x: Double) -> Double
    /// Inverse of `cdf`: the x with cdf(x) = p.
    func ppf(_ p: Double) -> Double
    /// Inverse of `sf`: the x with sf(x) = q, accurate for tiny q.
    func isf(_ q: Double) -> Double
}

/// Message helper: "name must be … (got v)".
func describe(_ name: String, _ requirement: String, _ value: Double) -> String {
    "\(name) must be \(requirement) (got \(value))"
}
