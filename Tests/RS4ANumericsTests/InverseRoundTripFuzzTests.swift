import Foundation
import RS4ANumerics
import XCTest

/// Round trips over log-uniformly drawn parameters (a fixed-seed generator, so the
/// cases are the same on every run): every inverse must return a finite root whose
/// forward value matches the target to max(1e-12, 16·κₓ·ε), κₓ = x·density/target
/// (the error that rounding the root to a double causes by itself).
final class InverseRoundTripFuzzTests: XCTestCase {
    /// SplitMix64, for reproducible test cases.
    private struct CaseGenerator {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-53
        }
        mutating func logUniform(_ lo: Double, _ hi: Double) -> Double {
            exp(log(lo) + (log(hi) - log(lo)) * uniform())
        }
    }

    func testGammaInverses() {
        var g = CaseGenerator(state: 42)
        var report = ErrorReport("gamma inverse fuzz")
        for _ in 0..<3000 {
            let a = g.logUniform(0.05, 2e6)
            let p = g.logUniform(1e-300, 0.5)
            for upper in [false, true] {
                let x = upper ? Special.gammaQInv(a, p) : Special.gammaPInv(a, p)
                XCTAssert(x.isFinite && x >= 0, "inverse(\(a), \(p), upper: \(upper)) = \(x)")
                guard x > 1e-300 else { continue }   // root below the double range
                let density = exp((a - 1) * log(x) - x - Special.logGamma(a))
                let kappa = x * density / p
                let value = upper ? Special.gammaQ(a, x) : Special.gammaP(a, x)
                report.check(value, p, relative: max(1e-12, 16 * kappa * Double.ulpOfOne), "a=\(a) p=\(p) upper=\(upper)")
            }
        }
        report.finish()
    }

    func testBetaInverses() throws {
        var g = CaseGenerator(state: 7)
        var report = ErrorReport("beta inverse fuzz")
        for _ in 0..<3000 {
            let a = g.logUniform(0.05, 2e6)
            let b = g.uniform() < 0.3 ? a : g.logUniform(0.05, 2e6)
            let p = g.logUniform(1e-300, 0.5)
            let dist = try BetaDistribution(a: a, b: b)
            for upper in [false, true] {
                let x = upper ? dist.isf(p) : dist.ppf(p)
                XCTAssert(x.isFinite && x >= 0 && x <= 1, "inverse(\(a), \(b), \(p), upper: \(upper)) = \(x)")
                guard x > 1e-300, x < 1 else { continue }   // root outside the double range
                let kappa = x * dist.pdf(x) / p
                let value = upper ? dist.sf(x) : dist.cdf(x)
                report.check(value, p, relative: max(1e-12, 16 * kappa * Double.ulpOfOne), "a=\(a) b=\(b) p=\(p) upper=\(upper)")
            }
        }
        report.finish()
    }
}
