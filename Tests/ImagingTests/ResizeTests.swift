import Imaging
import Testing

@Suite("Area-averaging resize")
struct ResizeTests {
    @Test("a flat colour stays that colour at any size")
    func flat() {
        let image = RGBImage(width: 640, height: 360, fill: (10, 200, 77))
        for (w, h) in [(128, 128), (7, 3), (640, 360), (700, 400)] {
            let out = image.resized(width: w, height: h)
            #expect(out.width == w && out.height == h)
            #expect(out.pixels.enumerated().allSatisfy { i, v in v == [10, 200, 77][i % 3] })
        }
    }

    @Test("halving averages each 2x2 block exactly")
    func halving() {
        var image = RGBImage(width: 4, height: 2)
        let values: [UInt8] = [0, 100, 20, 40, 200, 50, 60, 80]
        for y in 0..<2 { for x in 0..<4 { let v = values[y * 4 + x]; image[x, y] = (v, v / 2, 255 - v) } }
        let out = image.resized(width: 2, height: 1)
        // Block means: (0+100+200+50)/4 = 87.5 → 88, (20+40+60+80)/4 = 50.
        #expect(out[0, 0].r == 88)
        #expect(out[1, 0].r == 50)
    }

    @Test("a one-pixel line is kept as a fainter line, not dropped")
    func thinLine() {
        var image = RGBImage(width: 64, height: 64, fill: (0, 0, 0))
        for x in 0..<64 { image[x, 33] = (255, 255, 255) }
        let out = image.resized(width: 8, height: 8)
        #expect(out[3, 4].r == 32)  // 255 / 8 rows per output row
        #expect(out[3, 3].r == 0)
    }

    @Test("letterboxing keeps the aspect ratio and centres the content")
    func letterbox() {
        let image = RGBImage(width: 1920, height: 1080, fill: (255, 255, 255))
        let (out, placement) = image.letterboxed(width: 128, height: 128)
        #expect(placement == .init(x: 0, y: 28, width: 128, height: 72))
        #expect(out[64, 10] == (0, 0, 0))
        #expect(out[64, 64] == (255, 255, 255))
    }
}
