import Episode

/// How a keysym is typed on the target display: the keycode that carries it and the shift level
/// it sits at, with the modifiers that select that level when nothing else is held.
public struct KeyStroke: Sendable, Equatable, CustomStringConvertible {
    /// The X keysym name ("A", "exclam").
    public var keysym: String
    public var keycode: Int
    /// 0 is the key's first level (no modifiers), 1 usually Shift, 2 AltGr (Mod5), 3 Shift+AltGr.
    public var level: Int
    /// Modifiers that select `level` from an empty modifier state.
    public var modifiers: Modifiers
    /// True when the keysym is not in the display's keymap and a spare keycode was (or would be)
    /// bound to it for the replay.
    public var boundToSpareKeycode: Bool

    public init(keysym: String, keycode: Int, level: Int, modifiers: Modifiers, boundToSpareKeycode: Bool) {
        self.keysym = keysym
        self.keycode = keycode
        self.level = level
        self.modifiers = modifiers
        self.boundToSpareKeycode = boundToSpareKeycode
    }

    public var description: String {
        var text = "\(keysym) (keycode \(keycode)"
        if level > 0 { text += ", level \(level + 1)" + (modifiers.isEmpty ? "" : " with " + modifiers.names.joined(separator: "+")) }
        if boundToSpareKeycode { text += ", bound to a spare keycode" }
        return text + ")"
    }
}
