import Foundation
import Primitives

/// The part of the screen that changed between two grabs: what the recorder stores as a patch.
extension Rect {
    /// The smallest region holding every pixel that differs between two grabs (4 bytes a pixel),
    /// or nil when they are identical.
    static func changed(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> Rect? {
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
                return Rect(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
            }
        }
    }
}
