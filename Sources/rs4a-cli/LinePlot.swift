import Foundation

/// One line of a panel: points in data coordinates and a palette index (shared by the legend).
struct PlotSeries {
    var label: String
    var points: [(x: Double, y: Double)]
    var color: Int
}

/// One set of axes.
struct PlotPanel {
    var title: String
    var xLabel: String
    var yLabel: String
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double> = 0...1
    var series: [PlotSeries]
    var markers = false
}

/// Lays panels out on a grid with one legend on the right and draws them.
enum LinePlot {
    static let panelWidth = 440, panelHeight = 320

    static func render(_ panels: [PlotPanel], columns: Int, legend: [(label: String, color: Int)]) -> PlotCanvas {
        let cols = max(1, min(columns, panels.count))
        let rows = (panels.count + cols - 1) / cols
        let legendWidth = 28 + (legend.map { PlotCanvas.textWidth($0.label) }.max() ?? 0) + 16
        var canvas = PlotCanvas(width: cols * panelWidth + legendWidth, height: max(rows * panelHeight, 24 * legend.count + 30))
        for (i, p) in panels.enumerated() {
            draw(p, on: &canvas, x: (i % cols) * panelWidth, y: (i / cols) * panelHeight)
        }
        var y = 20
        for entry in legend {
            let c = PlotCanvas.palette[entry.color % PlotCanvas.palette.count]
            let x0 = cols * panelWidth + 8
            canvas.line(Double(x0), Double(y + 7), Double(x0 + 20), Double(y + 7), c, thickness: 3)
            canvas.text(entry.label, x: x0 + 26, y: y)
            y += 24
        }
        return canvas
    }

    /// Tick values: a step of 1, 2 or 5 × 10^k giving at most 6 intervals.
    static func ticks(_ r: ClosedRange<Double>) -> [Double] {
        let span = r.upperBound - r.lowerBound
        guard span > 0, span.isFinite else { return [r.lowerBound] }
        let raw = span / 6
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out = [Double]()
        var v = (r.lowerBound / step).rounded(.up) * step
        while v <= r.upperBound + step * 1e-9 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    static func label(_ v: Double) -> String {
        if v == v.rounded() { return String(Int(v)) }
        var s = String(format: "%.2f", v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    static func draw(_ p: PlotPanel, on canvas: inout PlotCanvas, x: Int, y: Int) {
        let left = x + 78, top = y + 34, w = panelWidth - 78 - 16, h = panelHeight - 34 - 62
        let (xl, xh) = (p.xRange.lowerBound, p.xRange.upperBound == p.xRange.lowerBound ? p.xRange.lowerBound + 1 : p.xRange.upperBound)
        let (yl, yh) = (p.yRange.lowerBound, p.yRange.upperBound)
        func px(_ v: Double) -> Double { Double(left) + (v - xl) / (xh - xl) * Double(w - 1) }
        func py(_ v: Double) -> Double { Double(top + h - 1) - (v - yl) / (yh - yl) * Double(h - 1) }
        canvas.text(p.title, x: left + (w - PlotCanvas.textWidth(p.title)) / 2, y: y + 10)
        for t in ticks(xl...xh) {
            let xx = Int(px(t).rounded())
            canvas.fill(x: xx, y: top, w: 1, h: h, PlotCanvas.grid)
            canvas.fill(x: xx, y: top + h, w: 1, h: 5, PlotCanvas.black)
            let s = label(t)
            canvas.text(s, x: xx - PlotCanvas.textWidth(s) / 2, y: top + h + 9)
        }
        for t in ticks(yl...yh) {
            let yy = Int(py(t).rounded())
            canvas.fill(x: left, y: yy, w: w, h: 1, PlotCanvas.grid)
            canvas.fill(x: left - 5, y: yy, w: 5, h: 1, PlotCanvas.black)
            let s = label(t)
            canvas.text(s, x: left - 9 - PlotCanvas.textWidth(s), y: yy - 7)
        }
        canvas.frame(x: left, y: top, w: w, h: h, PlotCanvas.black)
        canvas.text(p.xLabel, x: left + (w - PlotCanvas.textWidth(p.xLabel)) / 2, y: top + h + 32)
        canvas.text(p.yLabel, x: x + 8, y: top + (h + PlotCanvas.textWidth(p.yLabel)) / 2, vertical: true)
        for s in p.series {
            let c = PlotCanvas.palette[s.color % PlotCanvas.palette.count]
            let pts = s.points.filter { $0.x.isFinite && $0.y.isFinite }.sorted { $0.x < $1.x }
            for (a, b) in zip(pts, pts.dropFirst()) { canvas.line(px(a.x), py(a.y), px(b.x), py(b.y), c, thickness: 3) }
            if p.markers || pts.count == 1 { for q in pts { canvas.marker(px(q.x), py(q.y), c, shape: s.color) } }
        }
    }
}
