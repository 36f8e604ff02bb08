import Imaging
import Testing

@Suite("Prepared area resampler")
struct AreaResamplerTests {
    /// A busy image: gradients, a checkerboard and thin lines, so that every weight matters.
    static func busy(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let checker: UInt8 = (x / 3 + y / 2) % 2 == 0 ? 200 : 30
                image[x, y] = (UInt8(truncatingIfNeeded: x * 255 / max(1, width - 1)), checker,
                               x % 7 == 0 || y % 5 == 0 ? 255 : UInt8(truncatingIfNeeded: y * 3))
            }
        }
        return image
    }

    @Test("agrees with resized(width:height:) within one level", arguments: [
        (1920, 1080, 128, 72), (480, 480, 128, 128), (333, 201, 128, 128), (64, 48, 128, 96), (100, 100, 100, 100), (7, 5, 3, 2),
    ])
    func matchesReference(sw: Int, sh: Int, tw: Int, th: Int) {
        let image = AreaResamplerTests.busy(width: sw, height: sh)
        let reference = image.resized(width: tw, height: th)
        let fast = AreaResampler(sourceWidth: sw, sourceHeight: sh, targetWidth: tw, targetHeight: th).resample(image)
        #expect(fast.width == tw && fast.height == th)
        let worst = zip(fast.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1)
    }

    @Test("a region of the source goes to a place in the canvas, leaving the rest alone")
    func regionIntoCanvas() {
        let image = AreaResamplerTests.busy(width: 60, height: 40)
        var canvas = RGBImage(width: 30, height: 30, fill: (1, 2, 3))
        AreaResampler(sourceWidth: 20, sourceHeight: 10, targetWidth: 10, targetHeight: 5)
            .resample(image, regionX: 30, regionY: 12, into: &canvas, x: 4, y: 7)
        var crop = RGBImage(width: 20, height: 10)
        for y in 0..<10 { for x in 0..<20 { crop[x, y] = image[30 + x, 12 + y] } }
        let expected = crop.resized(width: 10, height: 5)
        for y in 0..<5 { for x in 0..<10 {
            let a = canvas[4 + x, 7 + y], b = expected[x, y]
            #expect(abs(Int(a.r) - Int(b.r)) <= 1 && abs(Int(a.g) - Int(b.g)) <= 1 && abs(Int(a.b) - Int(b.b)) <= 1)
        } }
        #expect(canvas[3, 7] == (1, 2, 3) && canvas[14, 7] == (1, 2, 3) && canvas[4, 6] == (1, 2, 3) && canvas[4, 12] == (1, 2, 3))
    }
}
