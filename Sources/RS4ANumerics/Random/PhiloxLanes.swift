// Sixteen consecutive Philox blocks computed side by side in SIMD lanes. The bulk samplers
// consume them in "lane layout" (see `LaneLayout`), which lets each word vector be
// transformed and stored contiguously with no transpose.

/// The 32-bit word vectors of 16 consecutive blocks: `words.0[j]` is word 0 of block
/// `firstBlock + j`, and so on.
typealias WordGroup = (SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>)

enum PhiloxLanes {
    /// Blocks `firstBlock ..< firstBlock + 16` of `stream` (block indices wrap modulo 2⁶⁴).
    @inline(__always)
    static func generate(firstBlock: UInt64, stream: RandomStream) -> WordGroup {
        let key = stream.philoxKey
        let laneOffsets = SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let index = SIMD16<UInt64>(repeating: firstBlock) &+ laneOffsets
        var c0 = SIMD16<UInt32>(truncatingIfNeeded: index)
        var c1 = SIMD16<UInt32>(truncatingIfNeeded: index &>> 32)
        var c2 = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: stream.stream))
        var c3 = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: stream.stream >> 32))
        var k0 = key[0], k1 = key[1]
        for round in 0..<Philox4x32.rounds {
            if round > 0 {
                k0 &+= Philox4x32.weyl0
                k1 &+= Philox4x32.weyl1
            }
            let (hi0, lo0) = mulHiLo(c0, Philox4x32.multiplier0)
            let (hi1, lo1) = mulHiLo(c2, Philox4x32.multiplier1)
            c0 = hi1 ^ c1 ^ SIMD16(repeating: k0)
            c1 = lo1
            c2 = hi0 ^ c3 ^ SIMD16(repeating: k1)
            c3 = lo0
        }
        return (c0, c1, c2, c3)
    }

    /// Full 64-bit product of each lane with `m`, split into high and low words.
    @inline(__always)
    private static func mulHiLo(_ a: SIMD16<UInt32>, _ m: UInt32) -> (SIMD16<UInt32>, SIMD16<UInt32>) {
        let product = SIMD16<UInt64>(truncatingIfNeeded: a) &* SIMD16<UInt64>(repeating: UInt64(m))
        return (SIMD16<UInt32>(truncatingIfNeeded: product &>> 32), SIMD16<UInt32>(truncatingIfNeeded: product))
    }
}
