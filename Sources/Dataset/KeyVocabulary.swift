import Episode
import Foundation

/// A key vocabulary: the keys a `key` action can name, by X keysym name, as the model's key classes.
/// Index 0 is "none" (no key: every action other than `key`, and empty history slots). A dataset
/// stores the vocabulary it was built with, and a weights file stores its model's (a JSON array in
/// the metadata); the model's key head has one logit per entry.
///
/// `standard` is the fixed list every dataset is built with: the single source of truth for the
/// dataset, the model's key head and the agent; appending keys at the end keeps existing indices,
/// anything else makes a new vocabulary.
///
/// What is typed is stored as a key plus modifiers, the way a US keyboard produces it:
/// - letters are lower-cased; `shift` is set exactly when the letter typed was a capital
///   ("A" → a + shift; with Caps Lock on, capitals still read as a + shift);
/// - shifted punctuation and symbols are stored as their unshifted key plus shift
///   ("exclam" → 1 + shift, "colon" → semicolon + shift, "ISO_Left_Tab" → Tab + shift);
/// - keypad keys are stored as the main-keyboard keys they type (KP_Enter → Return, KP_7 → 7,
///   KP_Add → equal + shift, KP_Home → Home);
/// - for every other key, the modifiers are those held when it was pressed.
/// Keys outside the vocabulary (other layouts' letters, media keys, redacted placeholders) are
/// not actions: the dataset counts them by keysym and leaves them out.
public struct KeyVocabulary: Sendable, Equatable, Codable {
    public let names: [String]
    private let indexByName: [String: Int]

    public static let none = "none"

    /// A vocabulary of `names`: entry 0 must be "none", and no name may appear twice.
    public init(names: [String]) throws(DatasetError) {
        guard names.first == KeyVocabulary.none else {
            throw .invalidKeyVocabulary(reason: "entry 0 must be \"none\", found \(names.first.map { "\"\($0)\"" } ?? "nothing")")
        }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if index[name] != nil { throw .invalidKeyVocabulary(reason: "\"\(name)\" appears twice") }
            index[name] = i
        }
        self.names = names
        indexByName = index
    }

    /// The fixed list every dataset is built with.
    public static let standard: KeyVocabulary = {
        var keys = ["none"]
        keys += "abcdefghijklmnopqrstuvwxyz".map(String.init)
        keys += "0123456789".map(String.init)
        keys += ["space", "Return", "Tab", "BackSpace", "Escape", "Delete", "Insert",
                 "Home", "End", "Prior", "Next", "Left", "Up", "Right", "Down"]
        keys += ["minus", "equal", "bracketleft", "bracketright", "backslash", "semicolon",
                 "apostrophe", "grave", "comma", "period", "slash"]
        keys += (1...12).map { "F\($0)" }
        keys += ["Menu", "Print"]
        return try! KeyVocabulary(names: keys)
    }()

    public init(from decoder: Decoder) throws {
        let names = try decoder.singleValueContainer().decode([String].self)
        try self.init(names: names)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(names)
    }

    public var count: Int { names.count }

    /// The index of a vocabulary key name (not a raw keysym: see `encode`), or nil.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The key name at `index`, "none" for 0, "?" outside the vocabulary.
    public func name(at index: Int) -> String { names.indices.contains(index) ? names[index] : "?" }

    /// The vocabulary as a JSON array (what goes in a weights file's metadata).
    public func json() -> String {
        String(decoding: try! JSONEncoder().encode(names), as: UTF8.self)
    }

    /// Symbols typed with Shift on a US keyboard, by the key that types them.
    static let shifted: [String: String] = [
        "exclam": "1", "at": "2", "numbersign": "3", "dollar": "4", "percent": "5", "asciicircum": "6",
        "ampersand": "7", "asterisk": "8", "parenleft": "9", "parenright": "0", "underscore": "minus",
        "plus": "equal", "braceleft": "bracketleft", "braceright": "bracketright", "bar": "backslash",
        "colon": "semicolon", "quotedbl": "apostrophe", "asciitilde": "grave", "less": "comma",
        "greater": "period", "question": "slash", "ISO_Left_Tab": "Tab",
    ]

    /// Keypad keysyms and what they type, with the shift that typing needs.
    static let keypad: [String: (key: String, shift: Bool)] = {
        var table: [String: (key: String, shift: Bool)] = [
            "KP_Enter": ("Return", false), "KP_Space": ("space", false), "KP_Tab": ("Tab", false),
            "KP_Decimal": ("period", false), "KP_Separator": ("comma", false), "KP_Subtract": ("minus", false),
            "KP_Divide": ("slash", false), "KP_Equal": ("equal", false), "KP_Add": ("equal", true),
            "KP_Multiply": ("8", true), "KP_Home": ("Home", false), "KP_End": ("End", false),
            "KP_Prior": ("Prior", false), "KP_Page_Up": ("Prior", false), "KP_Next": ("Next", false),
            "KP_Page_Down": ("Next", false), "KP_Left": ("Left", false), "KP_Right": ("Right", false),
            "KP_Up": ("Up", false), "KP_Down": ("Down", false), "KP_Insert": ("Insert", false),
            "KP_Delete": ("Delete", false),
        ]
        for digit in 0...9 { table["KP_\(digit)"] = ("\(digit)", false) }
        return table
    }()

    /// Other names X uses for vocabulary keys.
    static let aliases: [String: String] = [
        "Page_Up": "Prior", "Page_Down": "Next", "Linefeed": "Return", "Sys_Req": "Print",
    ]

    /// Keysyms of keys that only modify others: pressing one alone is not an action. Their bits
    /// are what `modifierBits` reports.
    static let modifierKeys: [String: Modifiers] = [
        "Shift_L": .shift, "Shift_R": .shift, "Control_L": .ctrl, "Control_R": .ctrl,
        "Alt_L": .alt, "Alt_R": .alt, "Meta_L": .alt, "Meta_R": .alt,
        "Super_L": .superKey, "Super_R": .superKey, "Hyper_L": .superKey, "Hyper_R": .superKey,
        "Caps_Lock": [], "Shift_Lock": [], "Num_Lock": [], "ISO_Level3_Shift": [], "ISO_Level5_Shift": [],
        "ISO_Level3_Latch": [], "ISO_Level3_Lock": [], "ISO_Level5_Lock": [], "Mode_switch": [],
        "ISO_Next_Group": [], "ISO_Prev_Group": [], "ISO_First_Group": [], "ISO_Last_Group": [],
    ]

    /// True for Shift, Ctrl, Alt, Super, the locks and the other keys that only modify.
    public static func isModifier(keysym: String) -> Bool { modifierKeys[keysym] != nil }

    /// The action modifier a modifier key holds down (empty for the locks and level shifts).
    public static func modifierBits(keysym: String) -> Modifiers { modifierKeys[keysym] ?? [] }

    /// A pressed keysym with the modifiers held → the vocabulary key and the action's modifiers,
    /// by the rules above; nil for a keysym outside the vocabulary (or a modifier key).
    public static func encode(keysym: String, modifiers held: Modifiers) -> (key: Int, modifiers: Modifiers)? {
        var modifiers = held
        var name = aliases[keysym] ?? keysym
        if name.count == 1, let scalar = name.unicodeScalars.first, scalar.isASCII,
           scalar.properties.isAlphabetic {
            if scalar.properties.isUppercase { modifiers.insert(.shift) } else { modifiers.remove(.shift) }
            name = name.lowercased()
        } else if let base = shifted[name] {
            name = base
            modifiers.insert(.shift)
        } else if let typed = keypad[name] {
            name = typed.key
            if typed.shift { modifiers.insert(.shift) }
        }
        guard let index = standard.index(of: name), index != 0 else { return nil }
        return (index, modifiers)
    }

    /// How a person writes the key of the standard vocabulary with its modifiers: "ctrl+shift+a", "Return", "shift+1".
    public static func label(key: Int, modifiers: Modifiers) -> String {
        (modifiers.actionLabels + [standard.name(at: key)]).joined(separator: "+")
    }
}
