// The element → Philox word map of the Float32 bulk samplers, public so that tests and
// callers can reproduce any element from `RandomStream.block(_:)`.

/// How bulk samplers map stream elements to Philox words.
///
/// Elements come in groups of 64 = 16 blocks × 4 words. Element `i` is word
/// `(i mod 64) / 16` of block `16·⌊i / 64⌋ + (i mod 16)`. Element indices wrap modulo 2⁶⁴.
public enum LaneLayout {
    /// Elements per group.
    public static let groupSize = 64
    /// Blocks per group.
    public static let blocksPerGroup = 16

    /// The block index and word (0–3) that element `index` is made from.
    public static func location(ofElement index: UInt64) -> (block: UInt64, word: Int) {
        let group = index >> 6
        let within = Int(index & 63)
        return (group &* 16 &+ UInt64(within & 15), within >> 4)
    }
}
