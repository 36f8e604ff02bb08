import Foundation

/// A line chart drawn as one inline <svg> element: no script, no network, any browser. Used by report.html
/// and by `mimic view` on a run folder.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// CSS colour.
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var dashed = false
        /// Draw a dot at each point (sparse series such as validations).
        public var markers = false
        public var lineWidth = 1.6

        public init(name: String, color: String, points: [(x: Double, y: Double)], dashed: Bool = false, markers: Bool = false, lineWidth: Double = 1.6) {
            self.name = name; self.color = color; self.points = points; self.dashed = dashed; self.markers = markers; self.lineWidth = lineWidth
        }
    }

    /// Used in element ids and `data-chart`.
    public var id: String
    public var title: String
    public var series: [Series]
    /// A logarithmic y axis (losses); points ≤ 0 are left out.
    public var logScale = false
    /// Fixed y range (accuracies: 0...1); nil: from the data.
    public var yRange: ClosedRange<Double>?
    /// How y values are written; nil: with as many decimals as the tick spacing needs.
    public var yFormat: (@Sendable (Double) -> String)?

    public init(id: String, title: String, series: [Series], logScale: Bool = false, yRange: ClosedRange<Double>? = nil) {
        self.id = id; self.title = title; self.series = series; self.logScale = logScale; self.yRange = yRange
    }

    public static let width = 560.0, height = 250.0
    /// The plot area inside the chart: left, top, right, bottom margins.
    public static let margin = (left: 58.0, top: 34.0, right: 14.0, bottom: 30.0)

    /// Where the data maps into the picture: x (steps) and y ranges, and whether y is logarithmic.
    public struct Axes: Sendable, Equatable {
        public var x: ClosedRange<Double>
        public var y: ClosedRange<Double>
        public var log: Bool
    }

    public var isEmpty: Bool { series.allSatisfy { usable($0.points).isEmpty } }

    private func usable(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        points.filter { $0.x.isFinite && $0.y.isFinite && (!logScale || $0.y > 0) }
    }

    public var axes: Axes {
        let all = series.flatMap { usable($0.points) }
        let xs = all.map(\.x), ys = all.map { logScale ? Foundation.log10($0.y) : $0.y }
        var xr = (xs.min() ?? 0)...(xs.max() ?? 1)
        if xr.lowerBound == xr.upperBound { xr = xr.lowerBound - 1...xr.upperBound + 1 }
        xr = min(0, xr.lowerBound)...xr.upperBound
        var yr: ClosedRange<Double>
        if let yRange {
            yr = yRange
        } else {
            yr = (ys.min() ?? 0)...(ys.max() ?? 1)
            if yr.upperBound - yr.lowerBound < 1e-9 { yr = yr.lowerBound - (logScale ? 0.5 : 1)...yr.upperBound + (logScale ? 0.5 : 1) }
            let pad = (yr.upperBound - yr.lowerBound) * 0.05
            yr = (yr.lowerBound - pad)...(yr.upperBound + pad)
            if !logScale, yr.lowerBound < 0, (ys.min() ?? 0) >= 0 { yr = 0...yr.upperBound }
        }
        return Axes(x: xr, y: yr, log: logScale)
    }

    /// The chart as an <svg> element.
    public func svg() -> String {
        let w = LineChart.width, h = LineChart.height, m = LineChart.margin
        let pw = w - m.left - m.right, ph = h - m.top - m.bottom
        let a = axes
        func px(_ x: Double) -> Double { m.left + (x - a.x.lowerBound) / (a.x.upperBound - a.x.lowerBound) * pw }
        func py(_ y: Double) -> Double {
            let v = a.log ? Foundation.log10(y) : y
            return m.top + (1 - (v - a.y.lowerBound) / (a.y.upperBound - a.y.lowerBound)) * ph
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var out = "<svg class=\"chart\" id=\"chart-\(id)\" data-chart=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" "
        out += "viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" "
        out += "data-plot=\"\(f(m.left)),\(f(m.top)),\(f(pw)),\(f(ph))\" data-x=\"\(a.x.lowerBound),\(a.x.upperBound)\" "
        out += "data-y=\"\(a.y.lowerBound),\(a.y.upperBound)\" data-log=\"\(a.log)\">"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" rx=\"4\" fill=\"#202026\"/>"
        out += "<text x=\"\(f(m.left))\" y=\"15\" fill=\"#e4e4ea\" font-size=\"13\" font-weight=\"600\">\(HTMLText.escape(title))</text>"
        // Legend, right after the title.
        var lx = m.left
        out += "<g font-size=\"11\">"
        let titleWidth = Double(title.count) * 7.2 + 14
        lx += titleWidth
        var ly = 15.0
        for s in series where !usable(s.points).isEmpty {
            let labelWidth = Double(s.name.count) * 6.2 + 30
            if lx + labelWidth > w - m.right { lx = m.left; ly += 13 }
            out += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 16))\" y2=\"\(f(ly - 4))\" stroke=\"\(s.color)\" stroke-width=\"2.5\""
            out += s.dashed ? " stroke-dasharray=\"4 3\"/>" : "/>"
            out += "<text x=\"\(f(lx + 20))\" y=\"\(f(ly))\" fill=\"#9a9aa6\">\(HTMLText.escape(s.name))</text>"
            lx += labelWidth
        }
        out += "</g>"
        // Grid and ticks.
        out += "<g font-size=\"10\" fill=\"#9a9aa6\" stroke=\"#33333b\" stroke-width=\"1\">"
        for t in LineChart.ticks(a.x, count: 6) {
            let x = px(t)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(m.top))\" x2=\"\(f(x))\" y2=\"\(f(m.top + ph))\"/>"
            out += "<text stroke=\"none\" x=\"\(f(x))\" y=\"\(f(h - 12))\" text-anchor=\"middle\">\(LineChart.format(t))</text>"
        }
        let yTicks: [Double] = a.log ? LineChart.logTicks(a.y) : LineChart.ticks(a.y, count: 5)
        let spacing = yTicks.count > 1 ? abs(yTicks[1] - yTicks[0]) : 1
        let yFormat = self.yFormat ?? { v in a.log ? LineChart.format(v) : LineChart.format(v, spacing: spacing) }
        for t in yTicks {
            let y = a.log ? m.top + (1 - (Foundation.log10(t) - a.y.lowerBound) / (a.y.upperBound - a.y.lowerBound)) * ph : py(t)
            out += "<line x1=\"\(f(m.left))\" y1=\"\(f(y))\" x2=\"\(f(m.left + pw))\" y2=\"\(f(y))\"/>"
            out += "<text stroke=\"none\" x=\"\(f(m.left - 5))\" y=\"\(f(y + 3.5))\" text-anchor=\"end\">\(yFormat(t))</text>"
        }
        out += "<text stroke=\"none\" x=\"\(f(m.left + pw))\" y=\"\(f(h - 1))\" text-anchor=\"end\">step</text>"
        out += "</g>"
        // The series, clipped to the plot area.
        out += "<clipPath id=\"clip-\(id)\"><rect x=\"\(f(m.left))\" y=\"\(f(m.top - 4))\" width=\"\(f(pw))\" height=\"\(f(ph + 8))\"/></clipPath>"
        out += "<g clip-path=\"url(#clip-\(id))\" fill=\"none\">"
        for s in series {
            let points = LineChart.thin(usable(s.points), to: 1500)
            guard !points.isEmpty else { continue }
            let list = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            out += "<polyline data-series=\"\(HTMLText.escape(s.name))\" data-points=\"\(points.count)\" points=\"\(list)\" stroke=\"\(s.color)\" "
            out += "stroke-width=\"\(s.lineWidth)\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(s.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            if s.markers {
                for p in points {
                    out += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.6\" fill=\"\(s.color)\">"
                    out += "<title>\(HTMLText.escape(s.name)) at step \(LineChart.format(p.x)): \(LineChart.format(p.y, spacing: abs(p.y) / 1000))</title></circle>"
                }
            }
        }
        out += "</g></svg>"
        return out
    }

    /// At most `limit` points: means over equal runs of consecutive points (the curve's shape stays).
    static func thin(_ points: [(x: Double, y: Double)], to limit: Int) -> [(x: Double, y: Double)] {
        guard points.count > limit else { return points }
        let group = (points.count + limit - 1) / limit
        return stride(from: 0, to: points.count, by: group).map { start in
            let chunk = points[start..<min(points.count, start + group)]
            return (chunk.last!.x, chunk.map(\.y).reduce(0, +) / Double(chunk.count))
        }
    }

    /// Round tick values (1, 2, 5 × 10^k apart) inside `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [] }
        let raw = span / Double(count)
        let power = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var out: [Double] = []
        var t = Foundation.ceil(range.lowerBound / step) * step
        while t <= range.upperBound + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// Ticks of a log10 range: 1, 2, 5 × each power of ten inside it (only the powers when it is wide, more
    /// when it is narrow).
    static func logTicks(_ range: ClosedRange<Double>) -> [Double] {
        let lo = Int(Foundation.floor(range.lowerBound)), hi = Int(Foundation.ceil(range.upperBound))
        let span = range.upperBound - range.lowerBound
        let multipliers: [Double] = span > 3 ? [1] : span > 1.2 ? [1, 2, 5] : [1, 1.5, 2, 3, 4, 5, 6, 8]
        var out: [Double] = []
        for p in lo...hi {
            for m in multipliers {
                let v = m * Foundation.pow(10, Double(p))
                let l = Foundation.log10(v)
                if l >= range.lowerBound && l <= range.upperBound { out.append(v) }
            }
        }
        return out
    }

    /// `v` with the decimals that ticks `spacing` apart need (0.25 apart: two).
    public static func format(_ v: Double, spacing: Double) -> String {
        guard spacing > 0, spacing.isFinite, abs(v) < 10_000 else { return format(v) }
        let decimals = max(0, min(6, Int(Foundation.ceil(-Foundation.log10(spacing) - 1e-9))))
        return String(format: "%.\(decimals)f", abs(v) < spacing * 1e-9 ? 0 : v)
    }

    public static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 10_000 { return String(format: "%.0fk", v / 1000) }
        if a >= 100 || v == v.rounded() { return String(format: "%.0f", v) }
        if a >= 1 { return String(format: "%.2g", v) }
        if a >= 0.01 { return String(format: "%.2g", v) }
        return String(format: "%.0e", v)
    }
}
