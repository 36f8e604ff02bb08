import Foundation

/// A point in pixels, x to the right and y down.
public struct Point: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public init(_ x: Int, _ y: Int) { self.x = x; self.y = y }

    public static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    public static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }

    public func distance(to other: Point) -> Double {
        let dx = Double(other.x - x), dy = Double(other.y - y)
        return (dx * dx + dy * dy).squareRoot()
    }

    public var description: String { "(\(x), \(y))" }
}

/// A width and a height in pixels.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }

    public var description: String { "\(width)x\(height)" }
}

/// An axis-aligned rectangle of pixels: x ..< x + width, y ..< y + height. The project's one
/// rectangle: task layouts, crop regions, changed parts of the screen, the pointer grid's extent.
/// Stored in JSON as {"x","y","width","height"}.
public struct Rect: Sendable, Hashable, Codable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var center: Point { Point(x + width / 2, y + height / 2) }
    public var size: Size { Size(width: width, height: height) }

    public func contains(_ p: Point) -> Bool { p.x >= x && p.x < maxX && p.y >= y && p.y < maxY }

    /// Whether `other` lies wholly inside this rectangle.
    public func contains(_ other: Rect) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Smaller by `d` on every side (larger for negative `d`).
    public func insetBy(_ d: Int) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }

    public func offsetBy(_ d: Point) -> Rect { Rect(x: x + d.x, y: y + d.y, width: width, height: height) }

    /// A square of `side` centred on `center`.
    public static func square(center: Point, side: Int) -> Rect {
        Rect(x: center.x - side / 2, y: center.y - side / 2, width: side, height: side)
    }

    /// "x,y,width,height", e.g. "0,0,480,480"; nil unless four integers, x and y not negative, with a
    /// positive size.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",")
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3],
              x >= 0, y >= 0, w > 0, h > 0 else { return nil }
        self.init(x: x, y: y, width: w, height: h)
    }

    public var area: Int { width * height }

    /// The smallest rectangle holding both (`self` when `other` is nil).
    public func union(_ other: Rect?) -> Rect {
        guard let other else { return self }
        let x0 = min(x, other.x), y0 = min(y, other.y)
        let x1 = max(maxX, other.maxX), y1 = max(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The part inside a `width`×`height` screen at the origin, or nil if none.
    public func clipped(width screenWidth: Int, height screenHeight: Int) -> Rect? {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(screenWidth, maxX), y1 = min(screenHeight, maxY)
        return x0 < x1 && y0 < y1 ? Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0) : nil
    }

    /// "x,y,width,height": the form `init(parsing:)` and the `--crop` option read.
    public var description: String { "\(x),\(y),\(width),\(height)" }
}
