// The driver shared by the Float32 bulk samplers: walks the requested element range group
// by group (64 elements = 16 Philox blocks, see `LaneLayout`), lets a transform turn each
// group's words into floats, and splits whole groups over threads. Partial groups at either
// end are computed in full and the needed part copied, so every element goes through the
// same code whatever the offset, count or thread count.

/// Turns the words of one group into its 64 outputs: result `.k[j]` is element `16k + j`
/// of the group, i.e. it may use only word k of block j (normals use words 0–1 and 2–3
/// of block j together for elements j, 16 + j and 32 + j, 48 + j).
protocol LaneTransform: Sendable {
    func transform(_ words: WordLanes) -> (Lanes, Lanes, Lanes, Lanes)
}

enum LaneFill {
    /// Groups per thread below which threading costs more than it saves.
    static let minimumGroupsPerThread = 64

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
                store(transform.transform(words), at: destination + position)
            }
        }
        let tail = head + fullGroups * LaneLayout.groupSize
        if tail < count {
            writePartial(groupStart: offset &+ UInt64(tail), skip: 0, count: count - tail,
                         to: base + tail, stream: stream, transform)
        }
    }

    @inline(__always)
    private static func store(_ lanes: (Lanes, Lanes, Lanes, Lanes), at p: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(p)
        let stride = MemoryLayout<Lanes>.size
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
            store(transform.transform(words), at: s)
            p.update(from: s + skip, count: count)
        }
    }
}
