// The driver shared by the Float32 bulk samplers: walks the requested element range group
// by group (64 elements = 16 Philox blocks, see `LaneLayout`), lets a transform turn each
// group's words into floats, and splits whole groups over threads. Partial groups at either
// end are computed in full and the needed part copied, so every element goes through the
// same code whatever the offset, count or thread count.

/// Turns the words of four consecutive blocks of a group into their 16 outputs: for blocks
/// 4q + j (j < 4) of the group, result `.k[j]` is element `16k + 4q + j`, so it may use only
/// word k of block 4q + j (normals use words 0–1 and 2–3 of a block together).
protocol LaneTransform: Sendable {
    func transform(_ words: (WordLane, WordLane, WordLane, WordLane)) -> (Lanes, Lanes, Lanes, Lanes)
}

enum LaneFill {
    /// Groups per thread (256 × 64 = 16 384 elements, 15–30 µs of work) below which waking
    /// threads costs about as much as it saves; smaller fills run on the calling thread.
    static let minimumGroupsPerThread = 256

    static func fill<T: LaneTransform>(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream,
                                       offset: UInt64, threads: Int, _ transform: T) {
        guard let base = out.baseAddress, out.count > 0 else { return }
        let count = out.count
        let group = UInt64(LaneLayout.groupSize)
        let head = min(count, Int((group &- (offset & (group - 1))) & (group - 1)))
        if head > 0 {
            writePartial(groupStart: offset & ~(group - 1), skip: Int(offset & (group - 1)),
                         count: head, to: base, stream: stream, transform)
        }
        let fullGroups = (count - head) / LaneLayout.groupSize
        let usefulThreads = max(1, min(threads, fullGroups / minimumGroupsPerThread))
        nonisolated(unsafe) let destination = base
        Parallel.forEachChunk(count: fullGroups, threads: usefulThreads) { range in
            for g in range {
                let position = head + g * LaneLayout.groupSize
                let words = PhiloxLanes.generate(firstBlock: ((offset &+ UInt64(position)) >> 6) &* 16,
                                                 stream: stream)
                transformAndStore(words, transform, at: destination + position)
            }
        }
        let tail = head + fullGroups * LaneLayout.groupSize
        if tail < count {
            writePartial(groupStart: offset &+ UInt64(tail), skip: 0, count: count - tail,
                         to: base + tail, stream: stream, transform)
        }
    }

    /// Transforms a group a quarter (4 blocks) at a time and stores its 64 outputs at p.
    @inline(__always)
    private static func transformAndStore<T: LaneTransform>(_ w: WordGroup, _ transform: T,
                                                            at p: UnsafeMutablePointer<Float>) {
        let low0 = w.0.lowHalf, low1 = w.1.lowHalf, low2 = w.2.lowHalf, low3 = w.3.lowHalf
        let high0 = w.0.highHalf, high1 = w.1.highHalf, high2 = w.2.highHalf, high3 = w.3.highHalf
        store(transform.transform((low0.lowHalf, low1.lowHalf, low2.lowHalf, low3.lowHalf)), at: p)
        store(transform.transform((low0.highHalf, low1.highHalf, low2.highHalf, low3.highHalf)), at: p + 4)
        store(transform.transform((high0.lowHalf, high1.lowHalf, high2.lowHalf, high3.lowHalf)), at: p + 8)
        store(transform.transform((high0.highHalf, high1.highHalf, high2.highHalf, high3.highHalf)), at: p + 12)
    }

    /// Result k goes to p + 16k (the word-k quarter of the group).
    @inline(__always)
    private static func store(_ lanes: (Lanes, Lanes, Lanes, Lanes), at p: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(p)
        let stride = 16 * MemoryLayout<Float>.size
        raw.storeBytes(of: lanes.0, as: Lanes.self)
        raw.storeBytes(of: lanes.1, toByteOffset: stride, as: Lanes.self)
        raw.storeBytes(of: lanes.2, toByteOffset: 2 * stride, as: Lanes.self)
        raw.storeBytes(of: lanes.3, toByteOffset: 3 * stride, as: Lanes.self)
    }

    /// Elements `groupStart + skip ..< groupStart + skip + count` of one group.
    private static func writePartial<T: LaneTransform>(groupStart: UInt64, skip: Int, count: Int,
                                                       to p: UnsafeMutablePointer<Float>,
                                                       stream: RandomStream, _ transform: T) {
        let words = PhiloxLanes.generate(firstBlock: (groupStart >> 6) &* 16, stream: stream)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: LaneLayout.groupSize) { scratch in
            guard let s = scratch.baseAddress else { return }
            transformAndStore(words, transform, at: s)
            p.update(from: s + skip, count: count)
        }
    }
}
