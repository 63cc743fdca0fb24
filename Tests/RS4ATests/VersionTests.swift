import XCTest
import RS4A

final class VersionTests: XCTestCase {
    func testVersionStringMatchesComponents() {
        XCTAssertEqual(RS4AVersion.string, "\(RS4AVersion.major).\(RS4AVersion.minor).\(RS4AVersion.patch)")
    }
}
