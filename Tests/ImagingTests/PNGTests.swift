import Imaging
import Testing

@Suite("PNG encode and decode")
struct PNGTests {
    static func noise(width: Int, height: Int, seed: UInt64) -> RGBImage {
        var state = seed
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in pixels.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            pixels[i] = UInt8(truncatingIfNeeded: state >> 33)
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    @Test("round trip is exact at every level and filter", arguments: [0, 1, 6, 9], [PNG.Filter.none, .adaptive])
    func roundTrip(level: Int, filter: PNG.Filter) throws {
        for (w, h) in [(1, 1), (3, 5), (64, 48), (257, 3)] {
            let image = Self.noise(width: w, height: h, seed: UInt64(w * 31 + h + level))
            let decoded = try PNG.decode(PNG.encode(image, level: level, filter: filter))
            #expect(decoded == image, "\(w)x\(h) level \(level) \(filter)")
        }
    }

    @Test("a higher level makes a smaller file on screen-like content")
    func levelMatters() throws {
        var image = RGBImage(width: 320, height: 200, fill: (240, 240, 240))
        for y in stride(from: 10, to: 190, by: 12) { for x in 20..<300 where (x / 7 + y) % 3 != 0 { image[x, y] = (20, 20, 20) } }
        let stored = try PNG.encode(image, level: 0)
        let fast = try PNG.encode(image, level: 1)
        #expect(fast.count < stored.count / 4)
    }

    @Test("broken input is refused with a reason and the file's name")
    func brokenInput() throws {
        let good = try PNG.encode(Self.noise(width: 32, height: 32, seed: 7), level: 1)
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("not a PNG", Array("hello, world".utf8)),
            ("truncated", Array(good.prefix(good.count / 2))),
            ("broken body", { var b = good; for i in (b.count / 2)..<(b.count / 2 + 16) { b[i] ^= 0x5A }; return b }()),
        ]
        for (name, bytes) in cases {
            #expect(throws: ImagingError.self, "\(name)") { try PNG.decode(bytes, file: "frames/000001.png") }
            do {
                _ = try PNG.decode(bytes, file: "frames/000001.png")
            } catch {
                #expect(error.description.contains("frames/000001.png"), "\(name): \(error)")
            }
        }
    }

    @Test("reading a missing file names it")
    func missingFile() {
        #expect(throws: ImagingError.unreadableFile(path: "/nonexistent/x.png", reason: "no such file")) {
            try PNG.read(path: "/nonexistent/x.png")
        }
    }
}
