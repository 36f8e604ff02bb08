import Imaging
import Primitives

/// A desktop-like picture for benchmarks: a wallpaper gradient, a taskbar, windows with title
/// bars and lines of text, and a photo-like area. Screens compress like this, not like noise.
/// One still picture per seed, for the PNG encoders and `ScreenAnimator`; `ChangingDesktop` is the
/// sequence of frames that all differ, for the dataset benchmark.
public enum SyntheticDesktop {
    public static func image(width: Int, height: Int, seed: UInt64 = 1) -> RGBImage {
        var random = SeededRandom(seed: seed)
        var image = RGBImage(width: width, height: height)
        // Wallpaper: a vertical gradient.
        for y in 0..<height {
            let c = RGBColor(UInt8(30 + 40 * y / height), UInt8(60 + 60 * y / height), UInt8(110 + 80 * y / height))
            image.fillRect(x: 0, y: y, width: width, height: 1, color: c)
        }
        // Windows with text.
        let words = ["mimic", "record", "frame", "event", "the", "screen", "window", "agent", "train", "model",
                     "click", "type", "button", "file", "edit", "view", "help", "open", "save", "data"]
        for w in 0..<6 {
            let ww = width / 3 + Int(random.next() % UInt64(width / 3))
            let wh = height / 3 + Int(random.next() % UInt64(height / 3))
            let wx = Int(random.next() % UInt64(max(1, width - ww)))
            let wy = Int(random.next() % UInt64(max(1, height - wh - 40)))
            image.fillRect(x: wx, y: wy, width: ww, height: wh, color: RGBColor(245, 245, 242))
            image.fillRect(x: wx, y: wy, width: ww, height: 28, color: w % 2 == 0 ? RGBColor(60, 90, 160) : RGBColor(90, 90, 95))
            image.drawText("Window \(w + 1) - \(words[w])", x: wx + 10, y: wy + 7, scale: 2, color: .white)
            image.strokeRect(x: wx, y: wy, width: ww, height: wh, color: RGBColor(40, 40, 40))
            var line = wy + 40
            while line + 12 < wy + wh {
                var text = ""
                while text.count < ww / 7 - 6 { text += words[Int(random.next() % UInt64(words.count))] + " " }
                image.drawText(text, x: wx + 10, y: line, color: RGBColor(30, 30, 30))
                line += 14
            }
        }
        // A photo-like area: smooth shapes plus grain.
        let px = width / 2, py = height / 6, pw = width / 4, ph = height / 3
        for y in py..<min(height, py + ph) {
            for x in px..<min(width, px + pw) {
                let grain = Int(random.next() % 24)
                image[x, y] = (UInt8(clamping: (x - px) * 255 / pw / 2 + grain + 60), UInt8(clamping: (y - py) * 255 / ph / 2 + grain + 40),
                               UInt8(clamping: ((x ^ y) & 63) + grain + 80))
            }
        }
        // Taskbar.
        image.fillRect(x: 0, y: height - 40, width: width, height: 40, color: RGBColor(20, 20, 24))
        image.drawText("12:00  mimic  terminal  browser  editor", x: 16, y: height - 27, scale: 2, color: RGBColor(220, 220, 220))
        return image
    }
}

