import RS4ANumerics
import RS4ATrain
import XCTest

/// CIFAR augmentation: every output is the input shifted by (di, dj) ∈ [−4, 4]² with zero fill
/// (RandomCrop(32, padding=4)), optionally mirrored (RandomHorizontalFlip), and all 81 shifts and
/// both flips occur with plausible frequencies.
final class AugmentationTests: XCTestCase {
    func testRandomCropAndFlipAreShiftsAndMirrors() {
        let aug = Augmentation.reference(dataset: "cifar")
        XCTAssertEqual(aug.cropPadding, 4)
        XCTAssertTrue(aug.horizontalFlip)
        XCTAssertTrue(Augmentation.reference(dataset: "mnist").isIdentity)
        let shape = [2, 8, 8]
        let input = (0..<128).map { Float($0 + 1) }
        var source = RandomStream(seed: 11).makeSource()
        var seen = Set<[Int]>()
        for _ in 0..<2000 {
            var image = input
            image.withUnsafeMutableBufferPointer { aug.apply($0, shape: shape, source: &source) }
            var match: [Int]?
            search: for flip in 0...1 { for di in -4...4 { for dj in -4...4 {
                var ok = true
                check: for c in 0..<2 { for i in 0..<8 { for j in 0..<8 {
                    let jj = flip == 1 ? 7 - j : j
                    let si = i + di, sj = jj + dj
                    let want: Float = (0..<8).contains(si) && (0..<8).contains(sj) ? input[(c * 8 + si) * 8 + sj] : 0
                    if image[(c * 8 + i) * 8 + j] != want { ok = false; break check }
                } } }
                if ok { match = [flip, di, dj]; break search }
            } } }
            guard let m = match else { return XCTFail("output is not a padded crop / flip of the input") }
            seen.insert(m)
        }
        // 162 equally likely transforms, 2000 draws: each expected ≈ 12 times.
        XCTAssertEqual(seen.count, 162)
    }
}
