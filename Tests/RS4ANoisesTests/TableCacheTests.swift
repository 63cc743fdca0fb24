import Foundation
import RS4ANoises
import XCTest

/// The on-disk table cache: files carry their key and a checksum, corrupt or mismatched files
/// are rebuilt (never trusted), concurrent builders end with one valid file, and the folder
/// follows RS4A_TABLES_DIR / the API parameter.
final class TableCacheTests: XCTestCase {
    // A cheap table: ExpInf(k = 2) ℓ∞ at d = 64.
    func noise() throws -> ExpInfNoise { try ExpInfNoise(dim: 64, lambd: 1, k: 2) }

    func testWritesAFileWithKeyAndChecksumAndReusesIt() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = TableCache(directory: dir)
        let (key, table) = try noise().radiusTable(adv: .infinity, cache: cache)
        let url = try XCTUnwrap(cache.fileURL(for: key))
        let data = try Data(contentsOf: url)
        let header = String(decoding: data.prefix(400), as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("RS4A-RADIUS-TABLE 1\nkey: \(key.description)\ncount: \(table.rho.count)\nchecksum: "), header)
        XCTAssertTrue(key.description.contains("ExpInf") && key.description.contains("d=64") && key.description.contains("k=2.0"))
        // A second cache (another process, in effect) reads the file instead of rebuilding.
        let other = TableCache(directory: dir)
        XCTAssertEqual(try noise().radiusTable(adv: .infinity, cache: other).table, table)
        XCTAssertTrue(other.warnings.isEmpty, "\(other.warnings)")
        XCTAssertEqual(try noise().certify(0.9, adv: .infinity, cache: other), try noise().certify(0.9, adv: .infinity, cache: cache))
    }

    func testCorruptFileIsDetectedAndRebuilt() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (key, table) = try noise().radiusTable(adv: .infinity, cache: TableCache(directory: dir))
        let url = try XCTUnwrap(TableCache(directory: dir).fileURL(for: key))
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 100] ^= 0x5a  // flip bits inside the payload
        try Data(bytes).write(to: url)
        let cache = TableCache(directory: dir)
        XCTAssertEqual(try noise().radiusTable(adv: .infinity, cache: cache).table, table)
        XCTAssertTrue(cache.warnings.contains { $0.contains("checksum") }, "\(cache.warnings)")
        // The rebuilt file is valid again.
        let fresh = TableCache(directory: dir)
        _ = try noise().radiusTable(adv: .infinity, cache: fresh)
        XCTAssertTrue(fresh.warnings.isEmpty)
        // A truncated file is also rejected.
        try Data(bytes.prefix(50)).write(to: url)
        let truncated = TableCache(directory: dir)
        XCTAssertEqual(try noise().radiusTable(adv: .infinity, cache: truncated).table, table)
        XCTAssertFalse(truncated.warnings.isEmpty)
    }

    func testMismatchedKeyIsNotTrusted() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = TableCache(directory: dir)
        let (keyA, _) = try ExpInfNoise(dim: 64, lambd: 1, k: 2).radiusTable(adv: .infinity, cache: cache)
        let other = try ExpInfNoise(dim: 64, lambd: 1, k: 3)
        let keyB = TableCacheTests.key(of: other)
        // Put table A's file where table B's would be.
        try FileManager.default.copyItem(at: try XCTUnwrap(cache.fileURL(for: keyA)), to: try XCTUnwrap(cache.fileURL(for: keyB)))
        let reader = TableCache(directory: dir)
        let (_, tableB) = try other.radiusTable(adv: .infinity, cache: reader)
        XCTAssertTrue(reader.warnings.contains { $0.contains("key mismatch") }, "\(reader.warnings)")
        XCTAssertEqual(tableB, try other.radiusTable(adv: .infinity, cache: .memoryOnly()).table)
    }

    static func key(of noise: ExpInfNoise) -> TableKey {
        (try? noise.radiusTable(adv: .infinity, cache: .memoryOnly()).key)!
    }

    func testConcurrentBuildersLeaveOneValidFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: 4)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let cache = TableCache(directory: dir)   // separate caches: no shared in-memory state
            out[i] = (try? ExpInfNoise(dim: 64, lambd: 1, k: 2).certify(0.95, adv: .infinity, cache: cache)) ?? .nan
        }
        XCTAssertTrue(results.allSatisfy { $0 == results[0] && $0 > 0 })
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".table") }.count, 1, "\(files)")
        XCTAssertTrue(files.filter { $0.hasSuffix(".tmp") }.isEmpty, "\(files)")
        let check = TableCache(directory: dir)
        _ = try noise().radiusTable(adv: .infinity, cache: check)
        XCTAssertTrue(check.warnings.isEmpty)
    }

    /// Two processes build the same table in one fresh folder at the same time (`rs4a-cli radii`
    /// twice, started together; a level-set table takes long enough to overlap): both succeed
    /// with the same radii, exactly one complete table file remains (no temporary files), and
    /// it reads back without a warning to the same certificate. Skipped if rs4a-cli is not built.
    func testTwoProcessesBuildingTheSameTable() throws {
        let dirs = [Bundle(for: Self.self).bundleURL.deletingLastPathComponent(),
                    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        guard let binary = dirs.map({ $0.appendingPathComponent("rs4a-cli") })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("rs4a-cli is not built next to the tests (swift build --build-tests builds it)")
        }
        let dir = try TestSupport.temporaryDirectory()
        let arguments = ["radii", "--noise", "Pow2", "--k", "2", "--a", "1586", "--sigma", "1", "--dim", "3072", "--adv", "2",
                         "--tables-dir", dir.path, "--prob-lb", "0.6", "0.9", "0.999"]
        var runs: [(Process, Pipe)] = []
        for _ in 0..<2 {
            let p = Process()
            p.executableURL = binary
            p.arguments = arguments
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            runs.append((p, out))
        }
        var outputs: [String] = []
        for (p, out) in runs {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0)
            outputs.append(String(decoding: data, as: UTF8.self))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertTrue(outputs[0].contains("0.999\t"), outputs[0])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".table") }.count, 1, "\(files)")
        XCTAssertTrue(files.filter { $0.hasSuffix(".tmp") }.isEmpty, "\(files)")
        let reader = TableCache(directory: dir)
        let noise = try Pow2Noise(dim: 3072, sigma: 1, k: 2, a: 1586)
        let radius = try noise.certify(0.999, adv: 2, cache: reader)
        XCTAssertTrue(reader.warnings.isEmpty, "\(reader.warnings)")
        XCTAssertTrue(outputs[0].contains(String(format: "0.999\t%.10g", radius)), "\(outputs[0]) vs \(radius)")
    }

    func testDirectoryFromEnvironmentAndDefault() throws {
        let dir = try TestSupport.temporaryDirectory()
        setenv("RS4A_TABLES_DIR", dir.path, 1)
        defer { unsetenv("RS4A_TABLES_DIR") }
        XCTAssertEqual(TableCache().directory?.path, dir.path)
        unsetenv("RS4A_TABLES_DIR")
        XCTAssertEqual(TableCache().directory?.lastPathComponent, "tables")
        XCTAssertNil(TableCache.memoryOnly().directory)
    }

    func testUnwritableDirectoryStillCertifies() throws {
        let cache = TableCache(directory: URL(fileURLWithPath: "/proc/rs4a-not-writable"))
        XCTAssertGreaterThan(try noise().certify(0.9, adv: .infinity, cache: cache), 0)
        XCTAssertFalse(cache.warnings.isEmpty)
    }

    func testTableChecksRejectBrokenTables() {
        TestSupport.assertThrows(["start at"]) { try RadiusTable(rho: [0.4, 0.6, 0.9999], radius: [0, 1, 2]) }
        TestSupport.assertThrows(["strictly increasing"]) { try RadiusTable(rho: [0.5, 0.7, 0.6, 0.9999], radius: [0, 1, 2, 3]) }
        TestSupport.assertThrows(["strictly increasing"]) { try RadiusTable(rho: [0.5, 0.6, 0.7, 0.9999], radius: [0, 1, 1, 3]) }
        TestSupport.assertThrows(["reach"]) { try RadiusTable(rho: [0.5, 0.6, 0.95], radius: [0, 1, 2]) }
        TestSupport.assertThrows(["convex"]) { try RadiusTable(rho: [0.5, 0.6, 0.7, 0.9999], radius: [0, 1, 1.1, 1.2]) }
    }

    func testLookupIsThePreviousSecant() throws {
        // Points on the convex R(ρ) = (ρ − ½)²·10: lookup never exceeds R and uses the previous secant.
        let rho = [0.5, 0.6, 0.7, 0.8, 0.9, 0.9995]
        let table = try RadiusTable(rho: rho, radius: rho.map { 10 * ($0 - 0.5) * ($0 - 0.5) })
        XCTAssertEqual(table.lookup(0.55), 0)
        XCTAssertEqual(table.lookup(0.75), 0.4 + (0.4 - 0.1) / 0.1 * 0.05, accuracy: 1e-12)
        for i in 0...1000 {
            let p = 0.5 + 0.5 * Double(i) / 1000
            XCTAssertLessThanOrEqual(table.lookup(p), 10 * (p - 0.5) * (p - 0.5) + 1e-12)
        }
        XCTAssertEqual(table.lookup(0.3), 0)
    }
}
