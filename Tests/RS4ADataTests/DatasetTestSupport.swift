import Foundation

/// Tests/Fixtures/datasets, located from this file.
let datasetFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/datasets")
