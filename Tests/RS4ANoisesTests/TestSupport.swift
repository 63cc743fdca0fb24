import Foundation
import XCTest

/// Shared helpers of the noise tests.
enum TestSupport {
    /// Tests/Fixtures/noises/ located from this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/noises", isDirectory: true)
}
