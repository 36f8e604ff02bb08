import Imaging

/// A grid of samples, each frame enlarged with its action drawn on it, so that a person can see at a
/// glance whether each action sits on the frame that preceded it: a dot for a click (two rings for a
/// double click), an arrow for a drag (from its press) or a move (from where the pointer was), a dot
/// with an arrow for a scroll, the key's name for a key, "wait" for a wait. Each tile's caption gives
/// the sample, episode, time and frame, the action, and the two actions before it.
public struct ContactSheet: Sendable {
    /// Tiles per row.
    public var columns = 6
    /// Each model pixel becomes scale × scale.
    public var scale = 2
    /// Text on the top bar.
    public var title = ""

    public init(columns: Int = 6, scale: Int = 2, title: String = "") {
        self.columns = max(1, columns); self.scale = max(1, scale); self.title = title
    }

    public struct Tile: Sendable {
        public var frame: RGBImage
        public var record: SampleRecord
        /// First caption line, e.g. "#12 ep3 4.56s f140".
        public var caption: String
        public init(frame: RGBImage, record: SampleRecord, caption: String) {
            self.frame = frame; self.record = record; self.caption = caption
        }
    }

    static let padding = 6
    static let captionLines = 3
    static let titleHeight = 22
    static let background = RGBColor(24, 24, 28)
    static let font = BitmapFont.standard

    /// The tile's size in the sheet for frames of `width`×`height`.
    public func tileSize(width: Int, height: Int) -> (width: Int, height: Int) {
        (width * scale, height * scale + ContactSheet.captionLines * ContactSheet.font.lineHeight + 4)
    }

    public func render(_ tiles: [Tile]) -> RGBImage {
        let frameWidth = tiles.first?.frame.width ?? 128, frameHeight = tiles.first?.frame.height ?? 128
        let tile = tileSize(width: frameWidth, height: frameHeight)
        let rows = max(1, (tiles.count + columns - 1) / columns)
        let p = ContactSheet.padding
        let legend = ContactSheet.legendWidth()
        let titleWidth = ContactSheet.font.size(of: title).width
        let width = max(columns * (tile.width + p) + p, titleWidth + legend + 4 * p)
        let height = ContactSheet.titleHeight + rows * (tile.height + p) + p
        var sheet = RGBImage(width: width, height: height, fill: ContactSheet.background.tuple)
        sheet.drawText(title, x: p, y: 7, color: .white)
        ContactSheet.drawLegend(on: &sheet, right: width - p, y: 7)

        for (n, t) in tiles.enumerated() {
            let x = p + (n % columns) * (tile.width + p)
            let y = ContactSheet.titleHeight + (n / columns) * (tile.height + p)
            var image = t.frame.scaled(by: scale)
            ContactSheet.drawAction(t.record, on: &image)
            sheet.draw(image, x: x, y: y)
            let textY = y + image.height + 3
            let lineHeight = ContactSheet.font.lineHeight
            sheet.drawText(t.caption, x: x, y: textY, color: RGBColor(200, 200, 200))
            sheet.drawText(ContactSheet.label(t.record), x: x, y: textY + lineHeight, color: ContactSheet.color(t.record.type))
            let previous = ContactSheet.historyLabel(t.record)
            sheet.drawText(previous, x: x, y: textY + 2 * lineHeight, color: RGBColor(140, 140, 150))
        }
        return sheet
    }

    /// "click", "key ctrl+shift+a", "scroll_down".
    public static func label(_ r: SampleRecord) -> String {
        r.type == .key ? "key " + KeyVocabulary.label(key: Int(r.key), modifiers: r.modifiers) : r.type.name
    }

    /// "after move, click" from the last two history slots (empty slots at an episode's start are skipped).
    /// The contact sheet and the dataset page both label samples with it.
    public static func historyLabel(_ r: SampleRecord) -> String {
        let k = r.histType.count
        var names: [String] = []
        for slot in max(0, k - 2)..<k {
            let type = ActionType(rawValue: r.histType[slot]) ?? .wait
            let isPadding = type == .wait && r.histX[slot] == 0 && r.histY[slot] == 0 && r.histKey[slot] == 0
                && r.histType[..<slot].allSatisfy { $0 == 0 }
            if isPadding && names.isEmpty { continue }
            names.append(type == .key ? KeyVocabulary.standard.name(at: Int(r.histKey[slot])) : type.name)
        }
        return names.isEmpty ? "(episode start)" : "after " + names.joined(separator: ", ")
    }

    public static func color(_ type: ActionType) -> RGBColor {
        switch type {
        case .wait: RGBColor(170, 170, 170)
        case .move: .cyan
        case .click: .red
        case .doubleClick: RGBColor(255, 90, 160)
        case .rightClick: .magenta
        case .mouseDown, .mouseUp: .orange
        case .scrollUp, .scrollDown: .green
        case .key: .yellow
        }
    }

    /// Draws the action on a frame already enlarged to the tile's size.
    public static func drawAction(_ r: SampleRecord, on image: inout RGBImage) {
        let color = color(r.type)
        func point(_ x: Float, _ y: Float) -> (x: Int, y: Int) {
            (Int(x * Float(image.width)), Int(y * Float(image.height)))
        }
        let at = point(r.x, r.y)
        let from = point(r.startX, r.startY)
        switch r.type {
        case .wait:
            image.drawText("wait", x: 4, y: 4, scale: 2, color: color, background: .black, padding: 2)
        case .key:
            image.drawText(KeyVocabulary.label(key: Int(r.key), modifiers: r.modifiers), x: 4, y: 4, scale: 2, color: color,
                           background: .black, padding: 2)
        case .move, .mouseUp:
            if from != at {
                image.drawArrow(fromX: from.x, fromY: from.y, toX: at.x, toY: at.y, thickness: 4, headLength: 12, color: .black)
                image.drawArrow(fromX: from.x, fromY: from.y, toX: at.x, toY: at.y, thickness: 2, headLength: 10, color: color)
            }
            marker(at: at, color: color, rings: 1, on: &image)
        case .click, .rightClick, .mouseDown:
            marker(at: at, color: color, rings: 1, on: &image)
        case .doubleClick:
            marker(at: at, color: color, rings: 2, on: &image)
        case .scrollUp, .scrollDown:
            marker(at: at, color: color, rings: 0, on: &image)
            let tip = r.type == .scrollUp ? at.y - 18 : at.y + 18
            image.drawArrow(fromX: at.x, fromY: at.y, toX: at.x, toY: tip, thickness: 4, headLength: 9, color: .black)
            image.drawArrow(fromX: at.x, fromY: at.y, toX: at.x, toY: tip, thickness: 2, headLength: 7, color: color)
        }
    }

    /// A dot with black-edged rings, visible on any background.
    static func marker(at p: (x: Int, y: Int), color: RGBColor, rings: Int, on image: inout RGBImage) {
        image.fillCircle(centerX: p.x, centerY: p.y, radius: 4, color: .black)
        image.fillCircle(centerX: p.x, centerY: p.y, radius: 3, color: color)
        for ring in 0..<rings {
            let radius = 8 + Double(ring) * 5
            image.strokeCircle(centerX: p.x, centerY: p.y, radius: radius + 1, thickness: 4, color: .black)
            image.strokeCircle(centerX: p.x, centerY: p.y, radius: radius, thickness: 2, color: color)
        }
    }

    static let legendTypes: [ActionType] = [.wait, .move, .click, .doubleClick, .rightClick, .mouseDown, .scrollUp, .key]

    static func legendWidth() -> Int {
        legendTypes.reduce(0) { $0 + 10 + font.size(of: legendName($1)).width + 8 }
    }

    static func legendName(_ type: ActionType) -> String {
        switch type {
        case .mouseDown, .mouseUp: "drag"
        case .scrollUp, .scrollDown: "scroll"
        default: type.name
        }
    }

    static func drawLegend(on sheet: inout RGBImage, right: Int, y: Int) {
        var x = right - legendWidth()
        for type in legendTypes {
            sheet.fillRect(x: x, y: y, width: 7, height: 7, color: color(type))
            sheet.drawText(legendName(type), x: x + 10, y: y, color: RGBColor(200, 200, 200))
            x += 10 + font.size(of: legendName(type)).width + 8
        }
    }
}
