import Foundation
import RS4ANumerics
import XCTest

/// Adaptive Gauss–Kronrod against integrals known in closed form.
final class QuadratureTests: XCTestCase {
    private func assertIntegral(
        _ a: Double, _ b: Double, breakPoints: [Double] = [], expected: Double, tolerance: Double = 1e-10,
        maxEvaluations: Int = 100_000, file: StaticString = #filePath, line: UInt = #line,
        _ f: (Double) -> Double
    ) {
        do {
            let r = try Quadrature.integrate(from: a, to: b, breakPoints: breakPoints, _: f)
            XCTAssertEqual(r.value, expected, accuracy: tolerance * max(1, abs(expected)), file: file, line: line)
            // The reported error must cover the actual error (it is an estimate, with margin).
            XCTAssertLessThanOrEqual(abs(r.value - expected), max(r.errorEstimate * 10, 1e-14 * abs(expected)), file: file, line: line)
            XCTAssertLessThanOrEqual(r.evaluations, maxEvaluations, file: file, line: line)
        } catch {
            XCTFail("integration failed: \(error)", file: file, line: line)
        }
    }

    func testSmoothFiniteIntervals() {
        assertIntegral(0, 1, expected: exp(1) - 1, maxEvaluations: 21) { exp($0) }
        assertIntegral(0, Double.pi, expected: 2) { sin($0) }
        // Degree 30 is beyond the embedded 10-point Gauss rule (degree 19), so the error
        // estimate forces a few bisections, but the value must be exact to rounding.
        assertIntegral(-1, 1, expected: 2.0 / 31, tolerance: 1e-15, maxEvaluations: 500) { pow($0, 30) }
        assertIntegral(2, 0, expected: -(exp(2) - 1)) { exp($0) }  // reversed limits
    }

    func testSemiInfiniteAndInfinite() {
        assertIntegral(0, .infinity, expected: 1) { exp(-$0) }
        assertIntegral(-.infinity, .infinity, expected: Double.pi.squareRoot()) { exp(-$0 * $0) }
        assertIntegral(1, .infinity, expected: 1) { 1 / ($0 * $0) }
        assertIntegral(-.infinity, 0, expected: Double.pi / 2) { 1 / (1 + $0 * $0) }
        // Γ(7.5) = ∫₀^∞ x^{6.5} e^{−x} dx, with a break point at the mode.
        assertIntegral(0, .infinity, breakPoints: [6.5], expected: exp(Special.logGamma(7.5)), tolerance: 1e-11) {
            pow($0, 6.5) * exp(-$0)
        }
    }

    func testEndpointSingularities() {
        // ∫₀¹ x^{−½} dx = 2; ∫₀¹ ln x dx = −1; ∫₀¹ x^{−0.9} dx = 10.
        assertIntegral(0, 1, expected: 2, maxEvaluations: 5000) { 1 / $0.squareRoot() }
        assertIntegral(0, 1, expected: -1) { log($0) }
        assertIntegral(0, 1, expected: 10, tolerance: 1e-9, maxEvaluations: 20_000) { pow($0, -0.9) }
    }

    func testBreakPointsAtKinksAndJumps() {
        // |x − 1/3| on [0, 1]: kink at 1/3 → 1/18 + 2/9 = 5/18.
        assertIntegral(0, 1, breakPoints: [1.0 / 3], expected: 5.0 / 18, tolerance: 1e-14, maxEvaluations: 42) { abs($0 - 1.0 / 3) }
        // A step at 0.3: without the break point this needs many bisections, with it two panels.
        assertIntegral(0, 1, breakPoints: [0.3], expected: 0.7, tolerance: 1e-14, maxEvaluations: 42) { $0 < 0.3 ? 0 : 1 }
        // Duplicated and unsorted break points are fine.
        assertIntegral(0, 2, breakPoints: [1.5, 0.5, 1.5], expected: 2, maxEvaluations: 200) { _ in 1 }
        // A nearly-step function, as in the level-set method: Φ((x − 0.5)·2000) on [0, 1] = 0.5.
        assertIntegral(0, 1, breakPoints: [0.5], expected: 0.5, tolerance: 1e-12) { Special.normalCDF(($0 - 0.5) * 2000) }
    }

    func testNoConvergenceIsReported() {
        // sin(1/x) near 0 cannot be resolved in 5 intervals at 1e-14.
        XCTAssertThrowsError(try Quadrature.integrate(
            from: 0, to: 1, absoluteTolerance: 1e-14, relativeTolerance: 1e-14, maxIntervals: 5) { sin(1 / $0) }) { error in
            guard case NumericsError.noConvergence(let message) = error else {
                return XCTFail("expected noConvergence, got \(error)")
            }
            XCTAssert(message.contains("error estimate"), message)
        }
    }

    /// Thousands of subintervals: |sin(500πx)| on [0, 1] has 500 kinks the rule cannot see in
    /// advance, so every one is resolved by bisection (∫ = 2/π). The worst interval is kept in a
    /// heap, so this stays fast; the answer and its estimate must still meet the tolerance.
    func testManySubintervals() throws {
        let r = try Quadrature.integrate(from: 0, to: 1, absoluteTolerance: 0, relativeTolerance: 1e-11,
                                         maxIntervals: 100_000) { abs(sin(500 * Double.pi * $0)) }
        XCTAssertEqual(r.value, 2 / Double.pi, accuracy: 1e-11 * 2 / Double.pi)
        XCTAssertLessThanOrEqual(r.errorEstimate, 1e-11 * r.value)
        XCTAssertGreaterThan(r.evaluations, 21 * 2000, "expected thousands of subintervals")
    }

    func testInvalidArguments() {
        func expectInvalid(_ body: () throws -> QuadratureResult, line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) { error in
                guard case NumericsError.invalidArgument = error else {
                    return XCTFail("expected invalidArgument, got \(error)", line: line)
                }
            }
        }
        expectInvalid { try Quadrature.integrate(from: .nan, to: 1) { $0 } }
        expectInvalid { try Quadrature.integrate(from: 0, to: 1, breakPoints: [2]) { $0 } }
        expectInvalid { try Quadrature.integrate(from: 0, to: 1, breakPoints: [.nan]) { $0 } }
        expectInvalid { try Quadrature.integrate(from: 0, to: 1, absoluteTolerance: -1) { $0 } }
        expectInvalid { try Quadrature.integrate(from: 0, to: 1, maxIntervals: 0) { $0 } }
        expectInvalid { try Quadrature.integrate(from: 0, to: 1) { _ in .nan } }
        expectInvalid { try Quadrature.integrate(from: .infinity, to: .infinity) { $0 } }
        XCTAssertEqual(try Quadrature.integrate(from: 3, to: 3) { $0 }.value, 0)
    }
}
