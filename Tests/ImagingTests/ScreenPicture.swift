import Imaging
import Primitives

/// Test pictures for the PNG encoder: a desktop-like screen (the kind of picture the recorder
/// writes, drawn like Workloads' SyntheticDesktop), and noise; `below` and `byte` on the one seeded generator.
enum ScreenPicture {
    /// Wallpaper gradient, windows with title bars and lines of text, a grainy photo-like area, a taskbar.
    static func desktop(width: Int, height: Int, seed: UInt64 = 1) -> RGBImage {
        var random = SeededRandom(seed: seed)
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            image.fillRect(x: 0, y: y, width: width, height: 1,
                           color: RGBColor(UInt8(30 + 40 * y / height), UInt8(60 + 60 * y / height), UInt8(110 + 80 * y / height)))
        }
        let words = ["mimic", "record", "frame", "event", "the", "screen", "window", "agent", "click", "type"]
        for w in 0..<4 {
            let ww = width / 3 + random.below(width / 3 + 1), wh = height / 3 + random.below(height / 3 + 1)
            let wx = random.below(max(1, width - ww)), wy = random.below(max(1, height - wh))
            image.fillRect(x: wx, y: wy, width: ww, height: wh, color: RGBColor(245, 245, 242))
            image.fillRect(x: wx, y: wy, width: ww, height: 20, color: w % 2 == 0 ? RGBColor(60, 90, 160) : RGBColor(90, 90, 95))
            image.drawText("Window \(w + 1)", x: wx + 6, y: wy + 6, color: .white)
            image.strokeRect(x: wx, y: wy, width: ww, height: wh, color: RGBColor(40, 40, 40))
            var line = wy + 28
            while line + 12 < wy + wh {
                var text = ""
                while text.count < ww / 7 - 4 { text += words[random.below(words.count)] + " " }
                image.drawText(text, x: wx + 8, y: line, color: RGBColor(30, 30, 30))
                line += 12
            }
        }
        let px = width / 2, py = height / 6, pw = width / 4, ph = height / 3
        for y in py..<min(height, py + ph) {
            for x in px..<min(width, px + pw) {
                let grain = random.below(24)
                image[x, y] = (UInt8(clamping: (x - px) * 128 / max(1, pw) + grain + 60), UInt8(clamping: (y - py) * 128 / max(1, ph) + grain + 40),
                               UInt8(clamping: ((x ^ y) & 63) + grain + 80))
            }
        }
        image.fillRect(x: 0, y: height - 24, width: width, height: 24, color: RGBColor(20, 20, 24))
        image.drawText("12:00  mimic  terminal", x: 8, y: height - 16, color: RGBColor(220, 220, 220))
        return image
    }

    /// Uniform random bytes: incompressible.
    static func noise(width: Int, height: Int, seed: UInt64) -> RGBImage {
        var random = SeededRandom(seed: seed)
        return RGBImage(width: width, height: height, pixels: (0..<(width * height * 3)).map { _ in random.byte() })
    }
}

extension SeededRandom {
    /// 0 ..< n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next() >> 24) }
}
