// Philox4x32-10 known answers and the documented maps from streams to Philox words.
import RS4ANumerics
import XCTest

final class RandomPhiloxTests: XCTestCase {
    /// Known-answer vectors for philox4x32 with 10 rounds from the `kat_vectors` file of
    /// Random123 (D. E. Shaw Research), as reproduced in DEShawResearch/fs123,
    /// core123/ut/ut_philox.cpp (test_kat_philox4x32). Format: counter[0…3], key[0…1] → output.
    static let knownAnswers: [(counter: SIMD4<UInt32>, key: SIMD2<UInt32>, output: SIMD4<UInt32>)] = [
        (SIMD4(0x0000_0000, 0x0000_0000, 0x0000_0000, 0x0000_0000), SIMD2(0x0000_0000, 0x0000_0000),
         SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)),
        (SIMD4(0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), SIMD2(0xffff_ffff, 0xffff_ffff),
         SIMD4(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)),
        (SIMD4(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), SIMD2(0xa409_3822, 0x299f_31d0),
         SIMD4(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)),
    ]

    func testBlockFunctionMatchesRandom123KnownAnswers() {
        for vector in Self.knownAnswers {
            XCTAssertEqual(Philox4x32.block(counter: vector.counter, key: vector.key), vector.output)
        }
    }

    /// seed = (key[1] << 32) | key[0], block index = counter words 0–1, stream id = words 2–3.
    func testStreamBlocksAreTheDocumentedPhiloxCounters() {
        for vector in Self.knownAnswers {
            let seed = UInt64(vector.key[1]) << 32 | UInt64(vector.key[0])
            let block = UInt64(vector.counter[1]) << 32 | UInt64(vector.counter[0])
            let id = UInt64(vector.counter[3]) << 32 | UInt64(vector.counter[2])
            XCTAssertEqual(RandomStream(seed: seed, stream: id).block(block), vector.output)
        }
    }

    func testSourceReadsBlocksInOrderAndJoinsWordsLowFirst() {
        let stream = RandomStream(seed: 0x1234_5678_9abc_def0, stream: 42)
        var source = stream.makeSource()
        for blockIndex in UInt64(0)..<5 {
            let words = stream.block(blockIndex)
            XCTAssertEqual(source.next(), UInt64(words[1]) << 32 | UInt64(words[0]))
            XCTAssertEqual(source.next(), UInt64(words[3]) << 32 | UInt64(words[2]))
        }
        var wordSource = stream.makeSource()
        for blockIndex in UInt64(0)..<3 {
            for w in 0..<4 { XCTAssertEqual(wordSource.nextWord(), stream.block(blockIndex)[w]) }
        }
    }

    func testLaneLayoutLocations() {
        XCTAssertTrue(LaneLayout.location(ofElement: 0) == (0, 0))
        XCTAssertTrue(LaneLayout.location(ofElement: 15) == (15, 0))
        XCTAssertTrue(LaneLayout.location(ofElement: 16) == (0, 1))
        XCTAssertTrue(LaneLayout.location(ofElement: 63) == (15, 3))
        XCTAssertTrue(LaneLayout.location(ofElement: 64) == (16, 0))
        XCTAssertTrue(LaneLayout.location(ofElement: 64 * 5 + 37) == (5 * 16 + 5, 2))
        XCTAssertTrue(LaneLayout.location(ofElement: UInt64.max) == (UInt64.max >> 2, 3))
        // Every (block, word) of the first 8 groups is used exactly once.
        var seen = Set<UInt64>()
        for i in UInt64(0)..<512 {
            let location = LaneLayout.location(ofElement: i)
            seen.insert(location.block * 4 + UInt64(location.word))
        }
        XCTAssertEqual(seen, Set(0..<512))
    }

    /// Uniform(0, 1) elements are exactly k·2⁻²⁴ for the top 24 bits k of the documented word,
    /// for offsets that start inside a group and runs that end inside one.
    func testUniformFollowsTheLaneLayoutExactly() {
        let stream = RandomStream(seed: 99, stream: 3)
        for (offset, count) in [(UInt64(0), 200), (37, 1000), (UInt64.max - 100, 300), (1 << 40 + 5, 129)] {
            let values = RandomTestSupport.drawFloats(count, offset: offset, threads: 2) { out, offset, threads in
                Samplers.fillUniform(out, low: 0, high: 1, stream: stream, offset: offset, threads: threads)
            }
            for k in 0..<count {
                let word = RandomTestSupport.word(of: stream, element: offset &+ UInt64(k))
                XCTAssertEqual(values[k], Float(word >> 8) * 0x1p-24, "offset \(offset) k \(k)")
            }
        }
    }

    func testSubstreamsAreDistinctFromEachOtherAndTheParent() {
        let parent = RandomStream(seed: 7, stream: 1)
        let children = (0..<1000).map { parent.substream(UInt64($0)) }
        XCTAssertEqual(Set(children).count, children.count)
        XCTAssertFalse(children.contains(parent))
        // Children of one parent share the key and use the stream ids 0, 1, 2, …
        XCTAssertEqual(Set(children.map(\.seed)).count, 1)
        XCTAssertEqual(children.map(\.stream), (0..<1000).map(UInt64.init))
        // Different parents (seed or stream id) give different child keys.
        XCTAssertNotEqual(RandomStream(seed: 7, stream: 2).substream(0).seed, children[0].seed)
        XCTAssertNotEqual(RandomStream(seed: 8, stream: 1).substream(0).seed, children[0].seed)
        // Grandchildren are deterministic.
        XCTAssertEqual(parent.substream(3).substream(4), parent.substream(3).substream(4))
    }
}
