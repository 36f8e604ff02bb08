import Primitives
import Imaging

/// A large letter or digit on a card: press that key.
public struct PressKey: GymTask {
    public static let name = "press-key"
    public static let summary = "a large letter or digit is shown: press that key"
    public static let timeLimit = 10.0

    public static let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    /// The glyph's scale: 16 makes it 112 px tall on screen (30 px in a 128x128 model image).
    public static let glyphScale = 16

    /// The key to press, lower case ("q", "7"); letters are shown as capitals.
    public let character: Character
    public let card: Rect
    public private(set) var pressed: String?

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        character = random.element(of: Self.characters)
        let glyph = BitmapFont.standard.size(of: "W", scale: Self.glyphScale)
        card = Placement.scatter([Size(width: glyph.width + 56, height: glyph.height + 48)], in: TaskCanvas.playArea(size),
                                 gap: 0, random: &random)[0]
    }

    public var instruction: String { "Press this key" }

    /// The keysym name of the key: "q", "7".
    public var keysym: String { String(character) }

    public var status: TaskStatus {
        guard let pressed else { return .running }
        return pressed == keysym ? .succeeded : .failed(reason: "pressed \(pressed), not \(keysym)")
    }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard case .key(let name) = input, pressed == nil else { return .ignored }
        pressed = PressKey.typedCharacter(name).map(String.init) ?? name
        return .changed
    }

    /// The character a key types for these tasks: letters in lower case, digits from either row.
    /// Nil for keys that are not a letter or digit.
    static func typedCharacter(_ keysym: String) -> Character? {
        var name = Substring(keysym)
        if name.hasPrefix("KP_") { name = name.dropFirst(3) }
        guard name.count == 1, let c = name.first, c.isASCII, c.isLetter || c.isNumber else { return nil }
        return Character(c.lowercased())
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction)
        canvas.drawBox(card, fill: TaskCanvas.card, outline: TaskCanvas.outline, thickness: 3)
        canvas.drawCentered(character.uppercased(), center: card.center, scale: Self.glyphScale, color: TaskCanvas.ink)
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        pressed == nil ? .key(keysym) : nil
    }
}
