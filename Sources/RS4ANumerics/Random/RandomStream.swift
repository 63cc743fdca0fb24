/// A reproducible source of randomness: a Philox4x32-10 key and a 64-bit stream id.
///
/// Block `b` of the stream is `Philox4x32.block(counter: (lo b, hi b, lo stream, hi stream),
/// key: (lo seed, hi seed))`: the 64-bit block index fills counter words 0–1 and the stream id
/// words 2–3. Everything drawn from a stream is a pure function of `(seed, stream, index)`,
/// so any split of the work over threads gives bit-identical output.
///
/// Independence: blocks of one key are a bijection of the counter, so two streams with the
/// same seed and different stream ids never share a block. `substream(_:)` derives a child
/// key from `(seed, stream)` with a bijective 64-bit mixer, so the children of one parent
/// share a key and never overlap each other; a child coincides with an unrelated stream only
/// if a user picks that derived 64-bit key as a seed (probability 2⁻⁶⁴ per pair).
///
/// Bulk samplers and `makeSource()` both start at block 0: use different substreams for
/// draws that must be independent.
public struct RandomStream: Sendable, Hashable {
    /// The Philox key (the seed for streams made by `init(seed:stream:)`).
    public let seed: UInt64
    /// The stream id (counter words 2–3).
    public let stream: UInt64

    /// A stream of the given seed and stream id. Every (seed, stream) pair is valid.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// The child stream `index`: key mixed from `(seed, stream)`, stream id `index`.
    /// Children of one parent never overlap; the parent's own blocks are under a different key.
    public func substream(_ index: UInt64) -> RandomStream {
        // Two rounds of a bijective finalizer: for a fixed seed the child key is a bijection
        // of the stream id, and for a fixed stream id a bijection of the seed.
        let childKey = Self.mix64(Self.mix64(seed &+ 0x9E37_79B9_7F4A_7C15) ^ stream)
        return RandomStream(seed: childKey, stream: index)
    }

    /// A sequential generator that reads this stream's blocks 0, 1, 2, … in order.
    public func makeSource() -> RandomSource {
        RandomSource(stream: self)
    }

    /// Block `index` of the stream: the four Philox words at counter `(index, stream)`.
    public func block(_ index: UInt64) -> SIMD4<UInt32> {
        Philox4x32.block(
            counter: SIMD4(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                           UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32)),
            key: philoxKey)
    }

    /// The seed as the two Philox key words (low word first).
    var philoxKey: SIMD2<UInt32> {
        SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// Stafford's "mix13" 64-bit finalizer (as in SplitMix64): a bijection with full avalanche.
    static func mix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
