import Imaging

/// How alike two screens are: the share of pixels whose colour matches within a tolerance.
///
/// A pixel matches when none of its channels differs by more than `tolerance` (out of 255), which
/// forgives rounding in scaled images but not a changed colour, a moved window or a missing
/// glyph. The score is matching pixels / all pixels: 1 for identical screens, near 0 when
/// everything changed. A replayed screen of another size is resized to the recorded one first.
public struct ScreenComparison: Sendable {
    public static let defaultTolerance = 16

    /// Matching pixels / all pixels, 0...1.
    public let similarity: Double
    public let differingPixels: Int
    public let totalPixels: Int
    /// Mean absolute difference per channel, 0...255.
    public let meanAbsoluteDifference: Double
    /// Recorded pixels (bright) where the screens differ, a dimmed grey of the recorded screen
    /// elsewhere.
    public let diff: RGBImage

    public init(expected: RGBImage, actual: RGBImage, tolerance: Int = ScreenComparison.defaultTolerance) {
        let actual = actual.width == expected.width && actual.height == expected.height
            ? actual : actual.resized(width: expected.width, height: expected.height)
        let count = expected.width * expected.height
        var differing = 0
        var sum = 0
        var diff = [UInt8](repeating: 0, count: count * 3)
        expected.pixels.withUnsafeBufferPointer { e in
            actual.pixels.withUnsafeBufferPointer { a in
                diff.withUnsafeMutableBufferPointer { d in
                    for i in 0..<count {
                        let r = Int(e[3 * i]), g = Int(e[3 * i + 1]), b = Int(e[3 * i + 2])
                        let dr = abs(r - Int(a[3 * i]))
                        let dg = abs(g - Int(a[3 * i + 1]))
                        let db = abs(b - Int(a[3 * i + 2]))
                        sum += dr + dg + db
                        if max(dr, dg, db) > tolerance {
                            differing += 1
                            d[3 * i] = 255
                            d[3 * i + 1] = 0
                            d[3 * i + 2] = 64
                        } else {
                            let luma: Int = (r * 77 + g * 150 + b * 29) >> 8
                            let grey = UInt8(24 + luma / 3)
                            d[3 * i] = grey
                            d[3 * i + 1] = grey
                            d[3 * i + 2] = grey
                        }
                    }
                }
            }
        }
        totalPixels = count
        differingPixels = differing
        similarity = count == 0 ? 1 : Double(count - differing) / Double(count)
        meanAbsoluteDifference = count == 0 ? 0 : Double(sum) / Double(count * 3)
        self.diff = RGBImage(width: expected.width, height: expected.height, pixels: diff)
    }
}
