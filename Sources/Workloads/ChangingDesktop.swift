import Foundation
import Imaging

/// Frame `i` of a desktop at work that changes in every frame: a top panel with a clock, an editor
/// window whose text grows and scrolls, a photo-like area that pans, and a pointer. For the dataset
/// benchmark, where every frame must be a new PNG to decode. (`SyntheticDesktop` is one still,
/// seeded picture, for the PNG encoders and the recorder's animated screen.)
public enum ChangingDesktop {
    static let words = ["the", "model", "reads", "pixels", "and", "acts", "on", "a", "screen", "with", "keys",
                        "clicks", "drags", "frames", "shards", "episode", "train", "batch", "loss", "value"]

    public static func frame(_ i: Int, width: Int, height: Int, photo: Bool = true, noiseMask: Int = 7) -> RGBImage {
        var image = RGBImage(width: width, height: height, fill: (228, 230, 235))
        // Panel.
        image.fillRect(x: 0, y: 0, width: width, height: 28, color: RGBColor(38, 42, 50))
        image.drawText(String(format: "Activities   Files   Terminal   Editor          12:%02d:%02d", (i / 60) % 60, i % 60),
                       x: 10, y: 7, scale: 2, color: .white)
        // Editor window, drifting a little.
        let wx = width / 16 + (i * 2) % 24, wy = 60 + (i / 3) % 12
        let ww = width * 9 / 16, wh = height * 3 / 4
        image.fillRect(x: wx + 6, y: wy + 6, width: ww, height: wh, color: RGBColor(180, 182, 188))  // shadow
        image.fillRect(x: wx, y: wy, width: ww, height: wh, color: .white)
        image.fillRect(x: wx, y: wy, width: ww, height: 30, color: RGBColor(60, 110, 200))
        image.drawText("notes.txt - Editor", x: wx + 10, y: wy + 8, scale: 2, color: .white)
        let lineHeight = 20, first = i / 4
        for line in 0..<max(0, (wh - 50) / lineHeight) {
            let n = first + line
            var text = ""
            for w in 0..<(8 + n % 6) { text += words[(n * 7 + w * 3) % words.count] + " " }
            if line == (wh - 50) / lineHeight - 1 { text = String(text.prefix(i % max(1, text.count))) }
            image.drawText(text, x: wx + 14, y: wy + 44 + line * lineHeight, scale: 2,
                           color: line % 5 == 0 ? RGBColor(150, 40, 40) : RGBColor(30, 30, 30))
        }
        // Photo-like area (a picture in a web page): smooth gradients with fine noise, panning.
        let px = wx + ww + 30, py = 80, pw = max(0, min(width - px - 30, width / 4)), ph = height / 3
        if photo && pw > 0 {
            for y in py..<min(height, py + ph) {
                for x in px..<(px + pw) {
                    let u = x - px + i * 3, v = y - py
                    let noise = (u &* 73_856_093 ^ v &* 19_349_663) & noiseMask
                    image[x, y] = (UInt8(truncatingIfNeeded: 60 + (u / 4) % 120 + noise),
                                   UInt8(truncatingIfNeeded: 90 + (v / 3) % 100 + noise),
                                   UInt8(truncatingIfNeeded: 140 + ((u + v) / 6) % 90))
                }
            }
        }
        // Pointer.
        let cx = (i * 37) % max(1, width - 20), cy = 40 + (i * 23) % max(1, height - 60)
        image.fillTriangle((cx, cy), (cx, cy + 18), (cx + 12, cy + 13), color: .black)
        image.fillTriangle((cx + 1, cy + 3), (cx + 1, cy + 15), (cx + 9, cy + 12), color: .white)
        return image
    }
}
