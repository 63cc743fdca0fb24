// The Float32 samplers evaluate documented transforms of Philox words with fast
// approximations of log, sin and cos. These tests recompute each transform from the same
// words in Double with Foundation's functions and bound the difference.
import Foundation
import RS4ANumerics
import XCTest

final class RandomAccuracyTests: XCTestCase {
    let stream = RandomStream(seed: 0xC0FF_EE00_1234_5678, stream: 11)
    let count = 1 << 20

    /// u = (k + ½)·2⁻³¹ for the top 31 bits k of a word, rounded to Float as the sampler does.
    static func unit31(_ word: UInt32) -> Double {
        Double((Float(Int32(word >> 1)) + 0.5) * 0x1p-31)
    }

    /// Exponential: relative error of −ln u below 3e-7 (2.5 Float ulps), the documented bound.
    func testExponentialMatchesDoubleReference() {
        let values = RandomTestSupport.drawFloats(count, offset: 17) { out, offset, _ in
            Samplers.fillExponential(out, scale: 1, stream: stream, offset: offset)
        }
        var worst = 0.0
        for k in 0..<count {
            let word = RandomTestSupport.word(of: stream, element: 17 + UInt64(k))
            let reference = -Foundation.log(Self.unit31(word))
            XCTAssertGreaterThanOrEqual(values[k], 0)
            XCTAssertEqual(values[k].sign, .plus)
            let error = abs(Double(values[k]) - reference)
            if reference > 0 { worst = max(worst, error / reference) } else { XCTAssertEqual(values[k], 0) }
        }
        XCTAssertLessThan(worst, 3e-7, "worst relative error \(worst)")
    }

    /// Laplace: sign from the lowest bit, magnitude as the exponential, then loc + scale·x.
    func testLaplaceMatchesDoubleReference() {
        let loc: Float = 0.25, scale: Float = 2
        let values = RandomTestSupport.drawFloats(count) { out, offset, _ in
            Samplers.fillLaplace(out, loc: loc, scale: scale, stream: stream, offset: offset)
        }
        var worst = 0.0
        for k in 0..<count {
            let word = RandomTestSupport.word(of: stream, element: UInt64(k))
            let magnitude = -Foundation.log(Self.unit31(word))
            let reference = Double(loc) + Double(scale) * (word & 1 == 1 ? -magnitude : magnitude)
            // Relative error 3e-7 of the magnitude, plus one Float rounding of the sum.
            let bound = 3e-7 * Double(scale) * magnitude + Double(Float(abs(reference)).ulp)
            worst = max(worst, abs(Double(values[k]) - reference) / bound)
        }
        XCTAssertLessThanOrEqual(worst, 1, "worst error / bound \(worst)")
    }

    /// Normal: z = ±r·cos θ, ±r·sin θ from words 0, 1 (and 2, 3) of the element's block, with
    /// r = √(−2 ln u), θ = π/4 + ψ, ψ = (f − 8388607.5)·(π/2)·2⁻²⁴ for bits 29…6 f of the angle
    /// word, and the signs from its bits 31 (cos) and 30 (sin).
    /// Bound: |z − z_ref| ≤ 3e-7·(1 + r), the documented accuracy: r carries the log's relative
    /// error (< 2e-7) halved by the square root plus about 1 ulp; cos ψ ∓ sin ψ about 1.5e-7
    /// absolute; the sum is below 2.7e-7·r plus the final rounding. Measured: 1.4e-7·(1 + r).
    func testNormalMatchesDoubleBoxMuller() {
        let values = RandomTestSupport.drawFloats(count, offset: 5) { out, offset, _ in
            Samplers.fillNormal(out, mean: 0, std: 1, stream: stream, offset: offset)
        }
        var worst = 0.0
        for k in 0..<count {
            let element = 5 + UInt64(k)
            let location = LaneLayout.location(ofElement: element)
            let words = stream.block(location.block)
            let pairStart = location.word & 2               // words 0–1 or 2–3
            let radius = (-2 * Foundation.log(Self.unit31(words[pairStart]))).squareRoot()
            let angleWord = words[pairStart + 1]
            let psi = (Double((angleWord << 2) >> 8) - 8_388_607.5) * (Double.pi / 2) * 0x1p-24
            let theta = Double.pi / 4 + psi
            let reference: Double
            if location.word & 1 == 0 {
                reference = (angleWord >> 31 == 1 ? -1 : 1) * radius * cos(theta)
            } else {
                reference = ((angleWord >> 30) & 1 == 1 ? -1 : 1) * radius * sin(theta)
            }
            worst = max(worst, abs(Double(values[k]) - reference) / (3e-7 * (1 + radius)))
        }
        XCTAssertLessThanOrEqual(worst, 1, "worst error / bound \(worst)")
    }

    /// mean + std·z, checked against the standard fill of the same stream; the two differ only
    /// by Float rounding in the affine map (one ulp of the result plus 1e-7·(1 + |z|)).
    func testNormalLocationAndScale() {
        let standard = RandomTestSupport.drawFloats(4096) { out, offset, _ in
            Samplers.fillNormal(out, mean: 0, std: 1, stream: stream, offset: offset)
        }
        let shifted = RandomTestSupport.drawFloats(4096) { out, offset, _ in
            Samplers.fillNormal(out, mean: -3, std: 0.5, stream: stream, offset: offset)
        }
        for k in 0..<4096 {
            let expected = -3 + 0.5 * Double(standard[k])
            XCTAssertEqual(Double(shifted[k]), expected,
                           accuracy: Double(Float(abs(expected)).ulp) + 1e-7 * (1 + abs(Double(standard[k]))))
        }
    }
}
