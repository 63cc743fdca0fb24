import Foundation
import XCTest

/// Loads Tests/Fixtures/numerics/reference.json (written by
/// scripts/fixtures/numerics_reference.py; floats are stored as repr strings).
enum NumericsFixtures {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numerics/reference.json")

    nonisolated(unsafe) static let root: [String: Any] = {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return [:]
        }
        return object
    }()

    /// Rows of a section (each row an array of JSON values).
    static func rows(_ section: String, file: StaticString = #filePath, line: UInt = #line) -> [[Any]] {
        guard let rows = root[section] as? [[Any]], !rows.isEmpty else {
            XCTFail("fixture section \(section) missing from \(url.path)", file: file, line: line)
            return []
        }
        return rows
    }

    static func dictionary(_ section: String) -> [String: Any] {
        root[section] as? [String: Any] ?? [:]
    }
}

extension Array where Element == Any {
    /// The value at i as a Double (repr string or JSON number).
    func double(_ i: Int) -> Double {
        if let s = self[i] as? String, let v = Double(s) { return v }
        if let n = self[i] as? NSNumber { return n.doubleValue }
        return .nan
    }

    func int(_ i: Int) -> Int {
        if let n = self[i] as? NSNumber { return n.intValue }
        if let s = self[i] as? String, let v = Int(s) { return v }
        return Int.min
    }

    func string(_ i: Int) -> String { self[i] as? String ?? "" }
}

/// Collects relative errors against references and fails with the worst cases.
struct ErrorReport {
    let name: String
    private(set) var worst: [(Double, String)] = []
    private(set) var count = 0
    private(set) var failures: [String] = []

    init(_ name: String) { self.name = name }

    /// Checks |actual − expected| ≤ tolerance·|expected| (or ≤ absoluteFloor, for
    /// subnormal or zero references); NaN and infinities must match exactly.
    mutating func check(_ actual: Double, _ expected: Double, relative tolerance: Double,
                        absoluteFloor: Double = 0, _ context: @autoclosure () -> String) {
        count += 1
        let error: Double
        if expected.isNaN || actual.isNaN {
            error = (expected.isNaN && actual.isNaN) ? 0 : .infinity
        } else if expected.isInfinite || actual.isInfinite {
            error = actual == expected ? 0 : .infinity
        } else if expected == 0 {
            error = abs(actual) <= absoluteFloor ? 0 : .infinity
        } else {
            let diff = abs(actual - expected)
            error = diff <= absoluteFloor ? 0 : diff / abs(expected)
        }
        let message = "\(context()): got \(actual), expected \(expected), rel err \(error), tol \(tolerance)"
        if !(error <= tolerance) { failures.append(message) }
        worst.append((error / tolerance, message))
        if worst.count > 3 {
            worst.sort { $0.0 > $1.0 }
            worst.removeLast()
        }
    }

    /// Fails the test with every failure (first 20), and prints the closest calls.
    func finish(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(count, 0, "\(name): no cases checked", file: file, line: line)
        for f in failures.prefix(20) { XCTFail("\(name): \(f)", file: file, line: line) }
        if failures.count > 20 { XCTFail("\(name): \(failures.count - 20) more failures", file: file, line: line) }
        let summary = worst.map { String(format: "%.3g", $0.0) + " of tol — " + $0.1 }.joined(separator: "\n    ")
        print("[\(name)] \(count) cases, \(failures.count) failures; closest to tolerance:\n    \(summary)")
    }
}

/// The smallest positive normal double (2.2e-308): references below it are subnormal and
/// carry fewer significant bits, so they are compared absolutely at this level.
let subnormalFloor = Double.leastNormalMagnitude
