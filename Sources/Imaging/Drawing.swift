/// An 8-bit RGB colour for drawing.
public struct RGBColor: Sendable, Equatable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    public static let black = RGBColor(0, 0, 0)
    public static let white = RGBColor(255, 255, 255)
    public static let gray = RGBColor(128, 128, 128)
    public static let darkGray = RGBColor(48, 48, 48)
    public static let red = RGBColor(230, 40, 40)
    public static let green = RGBColor(40, 200, 60)
    public static let blue = RGBColor(50, 110, 240)
    public static let yellow = RGBColor(250, 220, 30)
    public static let orange = RGBColor(250, 140, 20)
    public static let cyan = RGBColor(30, 210, 220)
    public static let magenta = RGBColor(220, 50, 200)

    /// The pixel value as the tuple `RGBImage`'s subscript uses.
    public var tuple: (r: UInt8, g: UInt8, b: UInt8) { (r, g, b) }
}

/// Simple shapes drawn straight into an image: each sets the pixels whose centre lies inside the
/// shape, clipped to the image. Coordinates are in pixels, x to the right and y down; shapes may lie
/// partly or wholly outside the image.
extension RGBImage {
    /// Fills the rectangle with its top-left corner at (x, y).
    public mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: RGBColor) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(self.width, x + width), y1 = min(self.height, y + height)
        guard x0 < x1, y0 < y1 else { return }
        let w = self.width
        pixels.withUnsafeMutableBufferPointer { p in
            for row in y0..<y1 {
                var i = (row * w + x0) * 3
                for _ in x0..<x1 {
                    p[i] = color.r; p[i + 1] = color.g; p[i + 2] = color.b
                    i += 3
                }
            }
        }
    }

    /// Draws the outline of a rectangle, `thickness` pixels wide, inside its bounds.
    public mutating func strokeRect(x: Int, y: Int, width: Int, height: Int, thickness: Int = 1, color: RGBColor) {
        let t = max(1, min(thickness, (min(width, height) + 1) / 2))
        fillRect(x: x, y: y, width: width, height: t, color: color)
        fillRect(x: x, y: y + height - t, width: width, height: t, color: color)
        fillRect(x: x, y: y + t, width: t, height: height - 2 * t, color: color)
        fillRect(x: x + width - t, y: y + t, width: t, height: height - 2 * t, color: color)
    }

    /// Fills the disc of `radius` around the pixel (centerX, centerY).
    public mutating func fillCircle(centerX: Int, centerY: Int, radius: Double, color: RGBColor) {
        ring(centerX: centerX, centerY: centerY, inner: -1, outer: radius, color: color)
    }

    /// Draws a circle `thickness` pixels wide whose outer edge is at `radius`.
    public mutating func strokeCircle(centerX: Int, centerY: Int, radius: Double, thickness: Double = 1, color: RGBColor) {
        ring(centerX: centerX, centerY: centerY, inner: radius - thickness, outer: radius, color: color)
    }

    /// Pixels whose distance to the centre pixel is in (inner, outer].
    private mutating func ring(centerX: Int, centerY: Int, inner: Double, outer: Double, color: RGBColor) {
        guard outer >= 0 else { return }
        let reach = Int(outer.rounded(.up))
        let inner2 = inner < 0 ? -1 : inner * inner
        let outer2 = outer * outer
        let x0 = max(0, centerX - reach), x1 = min(width - 1, centerX + reach)
        let y0 = max(0, centerY - reach), y1 = min(height - 1, centerY + reach)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x - centerX), dy = Double(y - centerY)
                let d2 = dx * dx + dy * dy
                if d2 <= outer2 && d2 > inner2 { self[x, y] = color.tuple }
            }
        }
    }

    /// Draws a straight line between two pixel centres, `thickness` pixels wide, with round ends.
    public mutating func drawLine(fromX: Int, fromY: Int, toX: Int, toY: Int, thickness: Double = 1, color: RGBColor) {
        let half = max(0.5, thickness / 2)
        let reach = Int(half.rounded(.up))
        let ax = Double(fromX), ay = Double(fromY), bx = Double(toX), by = Double(toY)
        let dx = bx - ax, dy = by - ay
        let length2 = dx * dx + dy * dy
        let x0 = max(0, min(fromX, toX) - reach), x1 = min(width - 1, max(fromX, toX) + reach)
        let y0 = max(0, min(fromY, toY) - reach), y1 = min(height - 1, max(fromY, toY) + reach)
        guard x0 <= x1, y0 <= y1 else { return }
        // Half a pixel either side keeps a one-pixel line connected at any angle.
        let limit = half
        for y in y0...y1 {
            for x in x0...x1 {
                let px = Double(x), py = Double(y)
                let t = length2 == 0 ? 0 : max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / length2))
                let cx = ax + t * dx - px, cy = ay + t * dy - py
                if cx * cx + cy * cy <= limit * limit { self[x, y] = color.tuple }
            }
        }
    }

    /// Fills the triangle with corners a, b, c.
    public mutating func fillTriangle(_ a: (x: Int, y: Int), _ b: (x: Int, y: Int), _ c: (x: Int, y: Int), color: RGBColor) {
        let x0 = max(0, min(a.x, b.x, c.x)), x1 = min(width - 1, max(a.x, b.x, c.x))
        let y0 = max(0, min(a.y, b.y, c.y)), y1 = min(height - 1, max(a.y, b.y, c.y))
        guard x0 <= x1, y0 <= y1 else { return }
        func side(_ p: (x: Int, y: Int), _ q: (x: Int, y: Int), _ x: Int, _ y: Int) -> Int {
            (q.x - p.x) * (y - p.y) - (q.y - p.y) * (x - p.x)
        }
        for y in y0...y1 {
            for x in x0...x1 {
                let s1 = side(a, b, x, y), s2 = side(b, c, x, y), s3 = side(c, a, x, y)
                let hasNegative = s1 < 0 || s2 < 0 || s3 < 0
                let hasPositive = s1 > 0 || s2 > 0 || s3 > 0
                if !(hasNegative && hasPositive) { self[x, y] = color.tuple }
            }
        }
    }

    /// Draws a line from one point to another with a filled arrowhead at `to`.
    public mutating func drawArrow(fromX: Int, fromY: Int, toX: Int, toY: Int, thickness: Double = 1,
                                   headLength: Double = 8, color: RGBColor) {
        let dx = Double(toX - fromX), dy = Double(toY - fromY)
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else {
            fillCircle(centerX: toX, centerY: toY, radius: max(1, thickness), color: color)
            return
        }
        let head = min(headLength, length)
        let ux = dx / length, uy = dy / length
        // The shaft stops where the head begins, so that a thick shaft does not poke through the tip.
        let baseX = Double(toX) - ux * head, baseY = Double(toY) - uy * head
        drawLine(fromX: fromX, fromY: fromY, toX: Int(baseX.rounded()), toY: Int(baseY.rounded()),
                 thickness: thickness, color: color)
        let spread = head * 0.5
        let left = (x: Int((baseX - uy * spread).rounded()), y: Int((baseY + ux * spread).rounded()))
        let right = (x: Int((baseX + uy * spread).rounded()), y: Int((baseY - ux * spread).rounded()))
        fillTriangle((toX, toY), left, right, color: color)
    }

    /// Copies `image` into this one with its top-left corner at (x, y), clipped.
    public mutating func draw(_ image: RGBImage, x: Int, y: Int) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + image.width), y1 = min(height, y + image.height)
        guard x0 < x1, y0 < y1 else { return }
        let count = (x1 - x0) * 3
        let w = width
        pixels.withUnsafeMutableBufferPointer { dst in
            image.pixels.withUnsafeBufferPointer { src in
                for row in y0..<y1 {
                    let s = ((row - y) * image.width + (x0 - x)) * 3
                    let d = (row * w + x0) * 3
                    UnsafeMutableRawPointer(dst.baseAddress! + d).copyMemory(from: src.baseAddress! + s, byteCount: count)
                }
            }
        }
    }

    /// Each pixel becomes a `factor`×`factor` block (nearest neighbour), for showing small images large.
    public func scaled(by factor: Int) -> RGBImage {
        precondition(factor >= 1, "scale factor must be at least 1")
        if factor == 1 { return self }
        var out = [UInt8](repeating: 0, count: width * factor * height * factor * 3)
        let outWidth = width * factor
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let rowStart = y * factor * outWidth * 3
                    for x in 0..<width {
                        let s = (y * width + x) * 3
                        for k in 0..<factor {
                            let d = rowStart + (x * factor + k) * 3
                            dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                        }
                    }
                    for k in 1..<factor {
                        let d = rowStart + k * outWidth * 3
                        UnsafeMutableRawPointer(dst.baseAddress! + d).copyMemory(from: dst.baseAddress! + rowStart,
                                                                                 byteCount: outWidth * 3)
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: height * factor, pixels: out)
    }
}
