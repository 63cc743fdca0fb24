import Foundation
import RS4AData

/// An RGB raster with the few drawing operations the analysis plots need: rectangles, thick
/// lines, markers and text in a built-in 5×7 bitmap font (upper-case, digits, punctuation, σ, ℓ, ∞).
struct PlotCanvas {
    typealias Color = (UInt8, UInt8, UInt8)
    static let white: Color = (255, 255, 255), black: Color = (0, 0, 0), grid: Color = (225, 225, 225), gray: Color = (110, 110, 110)
    /// Distinct line colours (a qualitative palette), reused cyclically.
    static let palette: [Color] = [(228, 26, 28), (55, 126, 184), (77, 175, 74), (152, 78, 163), (255, 127, 0),
                                   (166, 86, 40), (247, 129, 191), (60, 60, 60), (23, 190, 207), (188, 189, 34)]

    let width: Int
    let height: Int
    private(set) var pixels: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height * 3)
    }

    mutating func set(_ x: Int, _ y: Int, _ c: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let o = (y * width + x) * 3
        pixels[o] = c.0
        pixels[o + 1] = c.1
        pixels[o + 2] = c.2
    }

    mutating func fill(x: Int, y: Int, w: Int, h: Int, _ c: Color) {
        for yy in y..<(y + max(h, 0)) { for xx in x..<(x + max(w, 0)) { set(xx, yy, c) } }
    }

    mutating func frame(x: Int, y: Int, w: Int, h: Int, _ c: Color) {
        fill(x: x, y: y, w: w, h: 1, c)
        fill(x: x, y: y + h - 1, w: w, h: 1, c)
        fill(x: x, y: y, w: 1, h: h, c)
        fill(x: x + w - 1, y: y, w: 1, h: h, c)
    }

    /// A line of `thickness` pixels between two points (square brush along a DDA walk).
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ c: Color, thickness: Int = 2) {
        let steps = max(1, Int(max(abs(x1 - x0), abs(y1 - y0)).rounded(.up)))
        let r = thickness / 2
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            let x = Int((x0 + (x1 - x0) * t).rounded()), y = Int((y0 + (y1 - y0) * t).rounded())
            fill(x: x - r, y: y - r, w: thickness, h: thickness, c)
        }
    }

    /// A filled marker: circle, diamond or square by `shape` (0, 1, 2 cyclically).
    mutating func marker(_ x: Double, _ y: Double, _ c: Color, shape: Int, radius: Int = 4) {
        let cx = Int(x.rounded()), cy = Int(y.rounded())
        for dy in -radius...radius {
            for dx in -radius...radius {
                let inside: Bool
                switch shape % 3 {
                case 0: inside = dx * dx + dy * dy <= radius * radius
                case 1: inside = abs(dx) + abs(dy) <= radius
                default: inside = abs(dx) < radius && abs(dy) < radius
                }
                if inside { set(cx + dx, cy + dy, c) }
            }
        }
    }

    /// Pixel width of `text` at `scale`.
    static func textWidth(_ text: String, scale: Int = 2) -> Int { text.count * 6 * scale - scale }

    /// Text with its top-left corner at (x, y); `vertical` rotates it 90° counter-clockwise
    /// (reading bottom to top, (x, y) then being the bottom-left corner).
    mutating func text(_ s: String, x: Int, y: Int, _ c: Color = PlotCanvas.black, scale: Int = 2, vertical: Bool = false) {
        var pen = 0
        for ch in s {
            let rows = BitmapFont.glyph(ch)
            for (r, bits) in rows.enumerated() {
                for col in 0..<5 where bits & (0x10 >> col) != 0 {
                    for sy in 0..<scale {
                        for sx in 0..<scale {
                            let gx = pen + col * scale + sx, gy = r * scale + sy
                            if vertical { set(x + gy, y - gx, c) } else { set(x + gx, y + gy, c) }
                        }
                    }
                }
            }
            pen += 6 * scale
        }
    }

    /// PNG bytes of the canvas.
    func png() throws -> Data {
        try ImageCodecs.encodePNG(try RGBImage(width: width, height: height, pixels: pixels))
    }
}

/// A 5×7 bitmap font: seven rows per glyph, bit 4 the leftmost pixel. Lower-case letters are
/// drawn as capitals; unknown characters as a hollow box.
enum BitmapFont {
    static func glyph(_ ch: Character) -> [UInt8] {
        let upper = Character(String(ch).uppercased().count == 1 ? String(ch).uppercased() : String(ch))
        return table[upper] ?? [0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F]
    }

    private static let table: [Character: [UInt8]] = [
        " ": [0, 0, 0, 0, 0, 0, 0],
        "0": [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E], "1": [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        "2": [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F], "3": [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        "4": [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02], "5": [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        "6": [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E], "7": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        "8": [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E], "9": [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        "A": [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11], "B": [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        "C": [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E], "D": [0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C],
        "E": [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F], "F": [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        "G": [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F], "H": [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        "I": [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E], "J": [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        "K": [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11], "L": [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        "M": [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11], "N": [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        "O": [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E], "P": [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        "Q": [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D], "R": [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        "S": [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E], "T": [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        "U": [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E], "V": [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        "W": [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A], "X": [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        "Y": [0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04], "Z": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        ".": [0, 0, 0, 0, 0, 0x0C, 0x0C], ",": [0, 0, 0, 0, 0x0C, 0x04, 0x08], "-": [0, 0, 0, 0x1F, 0, 0, 0],
        "_": [0, 0, 0, 0, 0, 0, 0x1F], "=": [0, 0, 0x1F, 0, 0x1F, 0, 0], "+": [0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0],
        "(": [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02], ")": [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
        ":": [0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0], "/": [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
        "%": [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
        "σ": [0, 0, 0x0F, 0x12, 0x11, 0x11, 0x0E], "Σ": [0, 0, 0x0F, 0x12, 0x11, 0x11, 0x0E],
        "ℓ": [0x06, 0x09, 0x0A, 0x0C, 0x08, 0x18, 0x07], "∞": [0, 0, 0x0A, 0x15, 0x15, 0x0A, 0],
    ]
}
