@testable import Capture
import Imaging
import Testing

@Suite("Grabbed pixels to RGB")
struct PixelFormatTests {
    @Test("the four-pixel conversion equals the byte-at-a-time one, for every channel order and any pixel count",
          arguments: [(16, 8, 0), (0, 8, 16), (24, 16, 8), (8, 16, 24)])
    func conversion(shifts: (Int, Int, Int)) {
        let format = PixelFormat(redShift: shifts.0, greenShift: shifts.1, blueShift: shifts.2)
        var state: UInt64 = 0x1234_5678
        for (width, height) in [(1, 1), (2, 1), (3, 1), (5, 1), (7, 3), (4, 4), (33, 17), (1920, 2)] {
            let raw = (0..<(width * height * 4)).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            #expect(format.rgb(raw, width: width, height: height) == format.referenceRGB(raw, width: width, height: height),
                    "\(width)x\(height), shifts \(shifts)")
        }
    }
}
