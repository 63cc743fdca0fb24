import Foundation
import RS4ANoises
import XCTest

/// Shared helpers of the noise tests.
enum TestSupport {
    /// Tests/Fixtures/noises/ located from this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/noises", isDirectory: true)

    /// One in-memory cache for the whole test process: every table is built once.
    static let cache = TableCache.memoryOnly()

    static let d = 3072

    /// A fresh empty directory under the system temp folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rs4a-noise-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Asserts that `body` throws a `NoiseError` whose description contains every fragment.
    static func assertThrows(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                             _ body: () throws -> Any) {
        do {
            _ = try body()
            XCTFail("expected an error mentioning \(fragments)", file: file, line: line)
        } catch let error as NoiseError {
            for fragment in fragments {
                XCTAssertTrue(error.description.contains(fragment), "'\(error)' does not mention '\(fragment)'", file: file, line: line)
            }
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
        }
    }
}
