import Primitives
import Imaging

/// A word shown large beside a text field: click the field, type the word, press Return.
/// Case does not matter; BackSpace corrects; Return with another word in the field fails.
public struct TypeWord: GymTask {
    public static let name = "type-word"
    public static let summary = "a word is shown large beside a text field: click the field, type the word, press Return"
    public static let timeLimit = 20.0

    public static let words = ["cat", "dog", "sun", "map", "box", "cup", "pen", "bus", "key", "hat",
                               "tree", "fish", "bird", "book", "milk", "door", "lamp", "frog", "cake", "star"]
    /// The field holds at most this many characters; further ones are ignored.
    public static let fieldCapacity = 5
    static let fieldScale = 7

    public let word: String
    /// The card showing the word.
    public let card: Rect
    public let field: Rect
    public private(set) var focused = false
    public private(set) var text = ""
    /// The field's text when Return was pressed.
    public private(set) var submitted: String?

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        word = random.element(of: Self.words)
        let glyphs = BitmapFont.standard.size(of: "WWWW", scale: TaskCanvas.largeScale)
        let fieldText = BitmapFont.standard.size(of: String(repeating: "W", count: Self.fieldCapacity), scale: Self.fieldScale)
        let rects = Placement.scatter([Size(width: glyphs.width + 24, height: glyphs.height + 28),
                                       Size(width: fieldText.width + 28, height: fieldText.height + 32)],
                                      in: TaskCanvas.playArea(size), gap: 16, random: &random)
        card = rects[0]
        field = rects[1]
    }

    public var instruction: String { "Type the word, then Return" }

    public var status: TaskStatus {
        guard let submitted else { return .running }
        return submitted == word ? .succeeded : .failed(reason: "entered \"\(submitted)\", not \"\(word)\"")
    }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard submitted == nil else { return .ignored }
        switch input {
        case .press(1, let point):
            let inField = field.contains(point)
            let changed = inField != focused
            focused = inField
            if !inField { return .miss }
            return changed ? .changed : .ignored
        case .key(let name) where focused:
            switch name {
            case "Return", "KP_Enter":
                submitted = text
            case "BackSpace":
                guard !text.isEmpty else { return .ignored }
                text.removeLast()
            default:
                guard let c = PressKey.typedCharacter(name), text.count < Self.fieldCapacity else { return .ignored }
                text.append(c)
            }
            return .changed
        default:
            return .ignored
        }
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction)
        canvas.drawBox(card, fill: RGBColor(255, 244, 200), outline: TaskCanvas.outline, thickness: 3)
        canvas.drawCentered(word.uppercased(), center: card.center, scale: TaskCanvas.largeScale, color: TaskCanvas.ink)
        canvas.drawBox(field, fill: TaskCanvas.card, outline: focused ? TaskCanvas.focus : TaskCanvas.outline, thickness: focused ? 5 : 3)
        let size = BitmapFont.standard.size(of: text.uppercased(), scale: Self.fieldScale)
        let left = field.x + 14, top = field.center.y - BitmapFont.standard.size(of: "W", scale: Self.fieldScale).height / 2
        canvas.drawText(text.uppercased(), x: left, y: top, scale: Self.fieldScale, color: TaskCanvas.ink)
        if focused {
            let caretX = left + size.width + (text.isEmpty ? 0 : 6)
            canvas.fillRect(x: caretX, y: top - 4, width: 4, height: 7 * Self.fieldScale + 8, color: TaskCanvas.focus)
        }
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        guard submitted == nil else { return nil }
        if !focused { return .click(random.point(in: field, margin: 14)) }
        if text == word { return .key("Return") }
        if word.hasPrefix(text) { return .key(String(word[word.index(word.startIndex, offsetBy: text.count)])) }
        return .key("BackSpace")
    }
}
