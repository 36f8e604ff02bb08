import X11

/// What can stop input injection, each with what to do about it.
public enum ControlError: Error, CustomStringConvertible, Equatable {
    /// No display, or it lacks an extension input injection needs.
    case connection(XConnectionError)
    /// Not a keysym name X knows ("a", "A", "exclam", "Return", "0x1008ff13").
    case unknownKeysym(name: String)
    /// A key that was recorded without its symbol (`--redact-keys`, or a keycode with no keysym).
    case unreplayableKey(name: String, reason: String)
    case noSpareKeycode(keysym: String, display: String)
    case keymapChangeFailed(keysym: String, keycode: Int, display: String)
    case invalidButton(Int)

    public var description: String {
        switch self {
        case .connection(let error):
            return error.description
        case .unknownKeysym(let name):
            return "\"\(name)\" is not an X keysym name (examples: a, A, exclam, Return, Shift_L, 0x1008ff13)"
        case .unreplayableKey(let name, let reason):
            return "key \"\(name)\" cannot be sent: \(reason)"
        case .noSpareKeycode(let keysym, let display):
            return "X display \(display): \(keysym) is not in the keymap and no unused keycode is left to bind it to"
        case .keymapChangeFailed(let keysym, let keycode, let display):
            return "X display \(display): could not bind \(keysym) to spare keycode \(keycode) (ChangeKeyboardMapping failed)"
        case .invalidButton(let button):
            return "mouse button \(button) does not exist: buttons are 1-9 (1 left, 2 middle, 3 right, 4/5 scroll up/down, 6/7 scroll left/right, 8/9 back/forward)"
        }
    }
}
