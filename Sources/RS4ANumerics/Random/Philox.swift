// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
// "Parallel random numbers: as easy as 1, 2, 3" (SC'11). A block of four 32-bit
// words is a keyed bijection of a 128-bit counter, so any element of a stream can
// be computed directly from its index: that is what makes the bulk samplers give
// the same output for any split of the work over threads.

/// The Philox4x32-10 block function (10 rounds, 32-bit words, 4-word counter, 2-word key).
public enum Philox4x32 {
    /// Round multipliers and Weyl key increments (Salmon et al. 2011, Table 2 / Random123).
    @usableFromInline static let multiplier0: UInt32 = 0xD251_1F53
    @usableFromInline static let multiplier1: UInt32 = 0xCD9E_8D57
    @usableFromInline static let weyl0: UInt32 = 0x9E37_79B9
    @usableFromInline static let weyl1: UInt32 = 0xBB67_AE85
    /// Number of rounds; 10 is the variant the authors recommend and test with known answers.
    public static let rounds = 10

    /// Encrypts one 128-bit counter under a 64-bit key.
    ///
    /// Word order follows Random123: `counter[0]` is the least significant word of the
    /// counter and `key[0]` the first key word, so the Random123 known-answer vectors
    /// apply verbatim.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3]
        var k0 = key[0], k1 = key[1]
        for round in 0..<rounds {
            if round > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            let p0 = UInt64(multiplier0) &* UInt64(c0)
            let p1 = UInt64(multiplier1) &* UInt64(c2)
            let n0 = UInt32(truncatingIfNeeded: p1 >> 32) ^ c1 ^ k0
            let n2 = UInt32(truncatingIfNeeded: p0 >> 32) ^ c3 ^ k1
            c0 = n0
            c1 = UInt32(truncatingIfNeeded: p1)
            c2 = n2
            c3 = UInt32(truncatingIfNeeded: p0)
        }
        return SIMD4(c0, c1, c2, c3)
    }
}
