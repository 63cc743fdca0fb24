import Foundation
import RS4ANumerics
import XCTest

final class BrentTests: XCTestCase {
    func testKnownRoots() throws {
        XCTAssertEqual(try RootFinding.brent(lower: 1, upper: 2) { $0 * $0 - 2 }, 2.0.squareRoot(), accuracy: 4e-16)
        XCTAssertEqual(try RootFinding.brent(lower: 3, upper: 4) { sin($0) }, Double.pi, accuracy: 1e-15)
        XCTAssertEqual(try RootFinding.brent(lower: 0, upper: 1) { cos($0) - $0 }, 0.7390851332151607, accuracy: 1e-15)
        // Reversed bracket and an endpoint root.
        XCTAssertEqual(try RootFinding.brent(lower: 2, upper: 1) { $0 * $0 - 2 }, 2.0.squareRoot(), accuracy: 4e-16)
        XCTAssertEqual(try RootFinding.brent(lower: 0, upper: 5) { $0 }, 0)
        // A flat-then-steep function (Wilkinson-like): x^9 on [−1, 4].
        XCTAssertEqual(try RootFinding.brent(lower: -1, upper: 4, xTolerance: 1e-12) { pow($0, 9) }, 0, accuracy: 1e-2)
    }

    func testStepFunctionTerminates() throws {
        // No root, only a sign change: Brent converges to the jump.
        let x = try RootFinding.brent(lower: 0, upper: 1) { $0 < 0.3 ? -1 : 1 }
        XCTAssertEqual(x, 0.3, accuracy: 1e-14)
    }

    func testToleranceIsRespected() throws {
        var calls = 0
        let x = try RootFinding.brent(lower: 0, upper: 10, xTolerance: 1e-3) { v in calls += 1; return v - 3.14159 }
        XCTAssertEqual(x, 3.14159, accuracy: 1e-3)
        XCTAssertLessThan(calls, 20)
    }

    func testInvalidArguments() {
        XCTAssertThrowsError(try RootFinding.brent(lower: 1, upper: 2) { $0 }) { error in
            guard case NumericsError.invalidArgument(let message) = error else { return XCTFail("\(error)") }
            XCTAssert(message.contains("differ in sign"), message)
        }
        XCTAssertThrowsError(try RootFinding.brent(lower: .nan, upper: 2) { $0 })
        XCTAssertThrowsError(try RootFinding.brent(lower: 0, upper: .infinity) { $0 })
        XCTAssertThrowsError(try RootFinding.brent(lower: -1, upper: 1) { _ in .nan })
        XCTAssertThrowsError(try RootFinding.brent(lower: -1, upper: 1, xTolerance: -1) { $0 })
        XCTAssertThrowsError(try RootFinding.brent(lower: -1, upper: 1, maxIterations: 0) { $0 })
        XCTAssertThrowsError(try RootFinding.brent(lower: -1, upper: 2, xTolerance: 0, maxIterations: 2) { $0 * $0 * $0 - 0.3 }) { error in
            guard case NumericsError.noConvergence = error else { return XCTFail("\(error)") }
        }
    }
}
