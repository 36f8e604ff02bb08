import Foundation

/// A rectangle of the screen, in pixels.
struct ScreenRegion: Equatable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    var area: Int { width * height }

    func union(_ other: ScreenRegion?) -> ScreenRegion {
        guard let other else { return self }
        let x0 = min(x, other.x), y0 = min(y, other.y)
        let x1 = max(x + width, other.x + other.width), y1 = max(y + height, other.y + other.height)
        return ScreenRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The part inside a `width`×`height` screen, or nil if none.
    func clipped(width screenWidth: Int, height screenHeight: Int) -> ScreenRegion? {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(screenWidth, x + width), y1 = min(screenHeight, y + height)
        return x0 < x1 && y0 < y1 ? ScreenRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0) : nil
    }

    /// The smallest region holding every pixel that differs between two grabs (4 bytes a pixel),
    /// or nil when they are identical.
    static func changed(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> ScreenRegion? {
        precondition(a.count == width * height * 4 && b.count == a.count)
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in
                let rowBytes = width * 4
                func rowDiffers(_ y: Int) -> Bool { memcmp(pa.baseAddress! + y * rowBytes, pb.baseAddress! + y * rowBytes, rowBytes) != 0 }
                guard let top = (0..<height).first(where: rowDiffers) else { return nil }
                let bottom = (top..<height).reversed().first(where: rowDiffers)!
                let wa = pa.bindMemory(to: UInt32.self), wb = pb.bindMemory(to: UInt32.self)
                var left = width, right = -1
                for y in top...bottom {
                    let row = y * width
                    var x = 0
                    while x < left && wa[row + x] == wb[row + x] { x += 1 }
                    if x < left { left = x }
                    x = width - 1
                    while x > right && wa[row + x] == wb[row + x] { x -= 1 }
                    if x > right { right = x }
                }
                return ScreenRegion(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
            }
        }
    }
}
