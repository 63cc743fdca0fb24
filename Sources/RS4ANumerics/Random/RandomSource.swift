import Foundation

/// A sequential generator over one `RandomStream`, for rejection samplers and other draws
/// whose number of words is not known in advance. It reads the stream's blocks 0, 1, 2, …
/// and their words 0–3 in order; `next()` joins two consecutive words (first word low).
///
/// A value type: copying a source copies its position, and both copies then produce the
/// same values.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private let stream: RandomStream
    private var nextBlock: UInt64 = 0
    private var words: SIMD4<UInt32> = .zero
    private var wordIndex = 4                 // 4 = buffer empty
    private var spareNormal: Double? = nil    // second Box–Muller value

    init(stream: RandomStream) {
        self.stream = stream
    }

    /// The next 32-bit word of the stream.
    public mutating func nextWord() -> UInt32 {
        if wordIndex == 4 {
            words = stream.block(nextBlock)
            nextBlock &+= 1
            wordIndex = 0
        }
        defer { wordIndex += 1 }
        return words[wordIndex]
    }

    /// The next 64 random bits: two consecutive words, the first in the low half.
    public mutating func next() -> UInt64 {
        let low = UInt64(nextWord())
        return low | UInt64(nextWord()) << 32
    }

    /// Uniform on the open interval (0, 1): (k + ½)·2⁻⁵³ for the top 53 bits k of `next()`.
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Standard normal by the Box–Muller transform in Double precision; values come in
    /// pairs and the second is kept for the next call.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * Foundation.log(nextUniform())).squareRoot()
        let angle = 2 * Double.pi * nextUniform()
        spareNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// Standard exponential (rate 1) by inversion: −ln U with U in (0, 1), so always > 0
    /// and finite (at most 37.4).
    public mutating func nextExponential() -> Double {
        -Foundation.log(nextUniform())
    }
}
