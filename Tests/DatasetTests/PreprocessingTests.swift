import Primitives
import Dataset
import Imaging
import Testing

@Suite("Preprocessing geometry and pointer normalization")
struct PreprocessingTests {
    @Test("letterbox placement is the same as RGBImage.letterboxed", arguments: [
        (1920, 1080, 128, 128), (480, 480, 128, 128), (1280, 1024, 128, 128), (800, 1280, 128, 96), (64, 48, 128, 128),
    ])
    func letterboxPlacement(sw: Int, sh: Int, w: Int, h: Int) {
        let g = FrameGeometry(screenWidth: sw, screenHeight: sh, preprocessing: .init(size: .init(width: w, height: h)))!
        let (_, placement) = RGBImage(width: sw, height: sh).letterboxed(width: w, height: h)
        #expect(g.content == placement)
    }

    @Test("screen pixels map to the centre of where they land, in [0, 1)")
    func normalization() {
        let g = FrameGeometry(screenWidth: 1920, screenHeight: 1080, preprocessing: Preprocessing())!
        #expect(g.content == .init(x: 0, y: 28, width: 128, height: 72))
        let topLeft = g.modelPoint(screenX: 0, screenY: 0)!
        #expect(abs(topLeft.x - 0.5 / 1920) < 1e-6)
        #expect(abs(topLeft.y - (28 + 0.5 / 15) / 128) < 1e-6)
        let bottomRight = g.modelPoint(screenX: 1919, screenY: 1079)!
        #expect(bottomRight.x < 1 && Int(bottomRight.x * 128) == 127)
        #expect(Int(bottomRight.y * 128) == 99)
        #expect(g.modelPoint(screenX: 1920, screenY: 0) == nil)
        #expect(g.modelPoint(screenX: -1, screenY: 0) == nil)
        let screen = g.screenNormalized(screenX: 960, screenY: 540)
        #expect(screen.x == Float(960.5 / 1920) && screen.y == Float(540.5 / 1080))
    }

    @Test("screenPoint inverts modelPoint", arguments: [Fit.letterbox, .stretch])
    func inverse(fit: Fit) {
        let g = FrameGeometry(screenWidth: 300, screenHeight: 200, preprocessing: .init(size: .init(width: 64, height: 64), fit: fit))!
        for y in stride(from: 0, to: 200, by: 7) {
            for x in stride(from: 0, to: 300, by: 11) {
                let p = g.modelPoint(screenX: x, screenY: y)!
                let back = g.screenPoint(x: p.x, y: p.y)
                #expect(back.x == x && back.y == y)
            }
        }
    }

    @Test("a crop region is what the model sees; points outside it have no model position")
    func crop() {
        let crop = Rect(x: 100, y: 50, width: 480, height: 480)
        let g = FrameGeometry(screenWidth: 1920, screenHeight: 1080, preprocessing: .init(crop: crop))!
        #expect(g.content == .init(x: 0, y: 0, width: 128, height: 128))
        let p = g.modelPoint(screenX: 100 + 240, screenY: 50 + 240)!
        #expect(abs(p.x - 240.5 / 480) < 1e-6 && abs(p.y - 240.5 / 480) < 1e-6)
        #expect(g.modelPoint(screenX: 99, screenY: 60) == nil)
        #expect(g.modelPoint(screenX: 580, screenY: 60) == nil)
        #expect(FrameGeometry(screenWidth: 500, screenHeight: 500, preprocessing: .init(crop: crop)) == nil)
    }

    @Test("stretch fills the model image")
    func stretch() {
        let g = FrameGeometry(screenWidth: 1920, screenHeight: 1080, preprocessing: .init(fit: .stretch))!
        #expect(g.content == .init(x: 0, y: 0, width: 128, height: 128))
        let p = g.modelPoint(screenX: 959, screenY: 539)!
        #expect(Int(p.x * 128) == 63 && Int(p.y * 128) == 63)
    }

    @Test("bins are floor(v · bins), kept inside the range", arguments: [
        (Float(0), 0), (0.999, 63), (0.5, 32), (0.0156, 0), (0.0157, 1), (1.0, 63), (-0.1, 0),
    ] as [(Float, Int32)])
    func bins(v: Float, bin: Int32) {
        #expect(FrameGeometry.bin(v, bins: 64) == bin)
    }

    @Test("prepared frames put the resized screen where the geometry says, on black")
    func prepare() {
        var screen = RGBImage(width: 320, height: 180, fill: (200, 100, 50))
        screen.fillRect(x: 0, y: 0, width: 160, height: 180, color: RGBColor(0, 0, 255))
        let g = FrameGeometry(screenWidth: 320, screenHeight: 180, preprocessing: .init(size: .init(width: 32, height: 32)))!
        let out = FramePreparer(g).prepare(screen)!
        #expect(g.content == .init(x: 0, y: 7, width: 32, height: 18))
        #expect(out[5, 3] == (0, 0, 0))
        #expect(out[5, 10] == (0, 0, 255))
        #expect(out[25, 10] == (200, 100, 50))
        #expect(out[25, 26] == (0, 0, 0))
        #expect(FramePreparer(g).prepare(RGBImage(width: 10, height: 10)) == nil)
    }

    @Test("sizes and regions parse from the command line's form")
    func parsing() {
        #expect(ImageSize(parsing: "128x96") == ImageSize(width: 128, height: 96))
        #expect(ImageSize(parsing: "128X128") == ImageSize(width: 128, height: 128))
        for bad in ["128", "x128", "0x5", "128x", "axb", "5000x5000", "-1x4"] { #expect(ImageSize(parsing: bad) == nil) }
        #expect(Rect(parsing: "10,20,480,360") == Rect(x: 10, y: 20, width: 480, height: 360))
        for bad in ["1,2,3", "1,2,0,4", "a,b,c,d", "-1,0,5,5"] { #expect(Rect(parsing: bad) == nil) }
    }
}
