import Primitives
import Imaging

/// The shared look of every task window: sizes, the instruction bar, colours, large glyphs.
/// Everything is drawn into an `RGBImage` with Imaging's bitmap font, so the pixels are the same
/// on every machine and no X fonts are needed.
public enum TaskCanvas {
    /// The window size on a private display (`mimic gym demos` makes the screen this size).
    public static let defaultSize = Size(width: 480, height: 480)
    /// Below this the layouts do not fit.
    public static let minimumSize = Size(width: 360, height: 360)
    /// Height of the instruction bar at the top.
    public static let barHeight = 64
    /// Space kept clear around the play area.
    public static let margin = 12

    /// Where a task puts its items: below the bar, inside the margin.
    public static func playArea(_ size: Size) -> Rect {
        Rect(x: margin, y: barHeight + margin, width: size.width - 2 * margin, height: size.height - barHeight - 2 * margin)
    }

    /// The font scale for glyphs that must stay legible to a 128x128 model looking at a 480x480
    /// screen (1/3.75): 9 makes a capital or digit 63 px tall on screen, about 17 px in the model's image.
    public static let largeScale = 9

    static let background = RGBColor(232, 232, 236)
    static let bar = RGBColor(36, 40, 48)
    static let ink = RGBColor(20, 20, 24)
    static let outline = RGBColor(60, 60, 68)
    static let card = RGBColor.white
    static let done = RGBColor(40, 170, 70)
    static let failed = RGBColor(200, 40, 40)
    static let focus = RGBColor(40, 100, 230)

    /// Strong, far-apart colours for targets, with the names failure reasons use.
    public static let colors: [(name: String, color: RGBColor)] = [
        ("red", RGBColor(230, 40, 40)), ("green", RGBColor(40, 190, 60)), ("blue", RGBColor(40, 90, 240)),
        ("yellow", RGBColor(250, 215, 20)), ("magenta", RGBColor(220, 50, 210)), ("cyan", RGBColor(20, 205, 220)),
        ("orange", RGBColor(250, 130, 10)),
    ]
}

extension RGBImage {
    /// Fills the window with the task background and draws the instruction bar: `text` in white,
    /// as large as fits (scale 3, else 2), and an optional colour swatch at the right.
    mutating func drawTaskBackground(instruction text: String, swatch: RGBColor? = nil) {
        fillRect(x: 0, y: 0, width: width, height: height, color: TaskCanvas.background)
        drawBar(text, background: TaskCanvas.bar, swatch: swatch)
    }

    /// The instruction bar alone (the session also uses it to show how a run ended).
    mutating func drawBar(_ text: String, background: RGBColor, swatch: RGBColor? = nil) {
        let barHeight = TaskCanvas.barHeight
        fillRect(x: 0, y: 0, width: width, height: barHeight, color: background)
        let swatchSide = 44
        let room = width - 2 * TaskCanvas.margin - (swatch == nil ? 0 : swatchSide + TaskCanvas.margin)
        let font = BitmapFont.standard
        let scale = font.size(of: text, scale: 3).width <= room ? 3 : 2
        let size = font.size(of: text, scale: scale)
        drawText(text, x: TaskCanvas.margin, y: (barHeight - size.height) / 2, scale: scale, color: .white)
        if let swatch {
            let x = width - TaskCanvas.margin - swatchSide, y = (barHeight - swatchSide) / 2
            fillRect(x: x - 3, y: y - 3, width: swatchSide + 6, height: swatchSide + 6, color: .white)
            fillRect(x: x, y: y, width: swatchSide, height: swatchSide, color: swatch)
        }
    }

    /// `text` in the bitmap font at `scale`, centred on `center`.
    mutating func drawCentered(_ text: String, center: Point, scale: Int, color: RGBColor) {
        let size = BitmapFont.standard.size(of: text, scale: scale)
        drawText(text, x: center.x - size.width / 2, y: center.y - size.height / 2, scale: scale, color: color)
    }

    /// A filled rectangle with an outline `thickness` pixels wide inside its bounds.
    mutating func drawBox(_ rect: Rect, fill: RGBColor, outline: RGBColor, thickness: Int = 3) {
        fillRect(x: rect.x, y: rect.y, width: rect.width, height: rect.height, color: outline)
        fillRect(x: rect.x + thickness, y: rect.y + thickness, width: rect.width - 2 * thickness,
                 height: rect.height - 2 * thickness, color: fill)
    }
}

/// Random, non-overlapping places for a task's items.
enum Placement {
    /// Rectangles of the given sizes at random places inside `area`, at least `gap` pixels apart.
    /// Tries random places first; when the items do not fit that way, lays them out in rows.
    static func scatter(_ sizes: [Size], in area: Rect, gap: Int, random: inout SeededRandom) -> [Rect] {
        for _ in 0..<100 {
            var placed: [Rect] = []
            for size in sizes {
                var found: Rect?
                for _ in 0..<100 {
                    guard size.width <= area.width, size.height <= area.height else { break }
                    let candidate = Rect(x: random.int(in: area.x...area.maxX - size.width),
                                         y: random.int(in: area.y...area.maxY - size.height),
                                         width: size.width, height: size.height)
                    if placed.allSatisfy({ !$0.insetBy(-gap).intersects(candidate) }) {
                        found = candidate
                        break
                    }
                }
                guard let found else { break }
                placed.append(found)
            }
            if placed.count == sizes.count { return placed }
        }
        // Rows from the top left (only for sizes that cannot be scattered at all).
        var rects: [Rect] = []
        var x = area.x, y = area.y, rowHeight = 0
        for size in sizes {
            if x + size.width > area.maxX { x = area.x; y += rowHeight + gap; rowHeight = 0 }
            rects.append(Rect(x: x, y: y, width: size.width, height: size.height))
            x += size.width + gap
            rowHeight = max(rowHeight, size.height)
        }
        return rects
    }
}
