import Primitives
import CX11
import X11
import Imaging

/// The mouse cursor at one moment (XFixes): where it is and what it looks like. X screen grabs
/// leave the cursor out, so it is drawn into each stored frame; a policy must see the pointer.
struct CursorSnapshot: Sendable, Equatable {
    var x: Int
    var y: Int
    var hotX: Int
    var hotY: Int
    var width: Int
    var height: Int
    /// Changes whenever the cursor's image changes.
    var serial: UInt
    /// Premultiplied ARGB, one UInt32 per pixel.
    var argb: [UInt32]

    /// Reads the current cursor. Nil when the server gives nothing back.
    static func current(_ connection: XConnection, previous: CursorSnapshot?) -> CursorSnapshot? {
        guard let image = XFixesGetCursorImage(connection.display) else { return nil }
        defer { XFree(image) }
        let c = image.pointee
        let count = Int(c.width) * Int(c.height)
        let argb: [UInt32]
        if let previous, previous.serial == UInt(c.cursor_serial), previous.argb.count == count {
            argb = previous.argb
        } else {
            // Xlib returns each 32-bit pixel in a C long.
            argb = (0..<count).map { UInt32(truncatingIfNeeded: c.pixels[$0]) }
        }
        return CursorSnapshot(x: Int(c.x), y: Int(c.y), hotX: Int(c.xhot), hotY: Int(c.yhot),
                              width: Int(c.width), height: Int(c.height), serial: UInt(c.cursor_serial), argb: argb)
    }

    /// The screen region the cursor image covers.
    var region: Rect { Rect(x: x - hotX, y: y - hotY, width: width, height: height) }

    /// Same position and the same picture.
    func looksLike(_ other: CursorSnapshot?) -> Bool {
        guard let other else { return false }
        return x == other.x && y == other.y && serial == other.serial
    }

    /// Alpha-blends the cursor, hot spot at (x, y), into `image`, which shows the screen region
    /// whose top-left corner is `origin`.
    func draw(into image: inout RGBImage, origin: (x: Int, y: Int) = (0, 0)) {
        let left = x - hotX - origin.x, top = y - hotY - origin.y
        let w = image.width, h = image.height
        image.pixels.withUnsafeMutableBufferPointer { dst in
            for cy in 0..<height {
                let py = top + cy
                guard py >= 0 && py < h else { continue }
                for cx in 0..<width {
                    let px = left + cx
                    guard px >= 0 && px < w else { continue }
                    let p = argb[cy * width + cx]
                    let a = Int(p >> 24)
                    if a == 0 { continue }
                    let i = (py * w + px) * 3
                    let keep = 255 - a
                    dst[i] = UInt8(min(255, Int((p >> 16) & 0xFF) + (Int(dst[i]) * keep + 127) / 255))
                    dst[i + 1] = UInt8(min(255, Int((p >> 8) & 0xFF) + (Int(dst[i + 1]) * keep + 127) / 255))
                    dst[i + 2] = UInt8(min(255, Int(p & 0xFF) + (Int(dst[i + 2]) * keep + 127) / 255))
                }
            }
        }
    }
}
