import Foundation
import RS4AData
import XCTest

/// The random-resized-crop box against torchvision's `RandomResizedCrop.get_params` rule
/// (scale 0.08–1, ratio 3/4–4/3, ten attempts; then the centre crop of the whole image with its
/// aspect ratio clamped to [3/4, 4/3], sides rounded half to even). Expected boxes are worked
/// out by hand from that rule in the comments.
final class RandomResizedCropTests: XCTestCase {
    /// Always the largest value: every attempt asks for the whole area at ratio 4/3, which never
    /// fits an image whose aspect ratio is below 4/3, so the fallback is taken.
    private struct Largest: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    func testFallbackClampsTheAspectRatio() {
        var g = SplitMix(seed: 1)
        // 10×1000 (h×w): any crop of ≥ 800 px² at ratio ≤ 4/3 is ≥ 24 px high, so all ten attempts
        // fail. in_ratio 100 > 4/3 → h = 10, w = round(10·4/3) = 13, top 0, left (1000 − 13) // 2 = 493.
        let wide = ImageTransforms.randomResizedCropBox(height: 10, width: 1000, using: &g)
        XCTAssertEqual([wide.top, wide.left, wide.height, wide.width], [0, 493, 10, 13])
        // 1000×10: in_ratio 0.01 < 3/4 → w = 10, h = round(10 / (3/4)) = 13, top 493, left 0.
        let tall = ImageTransforms.randomResizedCropBox(height: 1000, width: 10, using: &g)
        XCTAssertEqual([tall.top, tall.left, tall.height, tall.width], [493, 0, 13, 10])
    }

    func testFallbackKeepsTheWholeImageWhenItsRatioIsInRange() {
        var g = Largest()
        // 260×300: in_ratio 1.15 ∈ [3/4, 4/3] → the whole image (not a 260×260 square).
        let box = ImageTransforms.randomResizedCropBox(height: 260, width: 300, using: &g)
        XCTAssertEqual([box.top, box.left, box.height, box.width], [0, 0, 260, 300])
        let square = ImageTransforms.randomResizedCropBox(height: 100, width: 100, using: &g)
        XCTAssertEqual([square.top, square.left, square.height, square.width], [0, 0, 100, 100])
    }

    func testDrawnBoxesLieInTheImageWithTheRequestedScaleAndRatio() {
        var g = SplitMix(seed: 5)
        let (h, w) = (260, 300)
        for _ in 0..<2000 {
            let b = ImageTransforms.randomResizedCropBox(height: h, width: w, using: &g)
            XCTAssertTrue(b.top >= 0 && b.left >= 0 && b.top + b.height <= h && b.left + b.width <= w, "\(b)")
            // The sides were rounded from exact values by at most ½ pixel each.
            let (cw, ch) = (Double(b.width), Double(b.height))
            XCTAssertGreaterThanOrEqual((cw + 0.5) / (ch - 0.5), 3.0 / 4, "\(b)")
            XCTAssertLessThanOrEqual((cw - 0.5) / (ch + 0.5), 4.0 / 3, "\(b)")
            XCTAssertGreaterThanOrEqual((cw + 0.5) * (ch + 0.5), 0.08 * Double(h * w), "\(b)")
        }
    }
}
