/// What can stop input injection, each with what to do about it.
public enum ControlError: Error, CustomStringConvertible, Equatable {
    case noDisplay
    case cannotOpenDisplay(name: String)
    case missingExtension(name: String, display: String, purpose: String)
    /// Not a keysym name X knows ("a", "A", "exclam", "Return", "0x1008ff13").
    case unknownKeysym(name: String)
    /// A key that was recorded without its symbol (`--redact-keys`, or a keycode with no keysym).
    case unreplayableKey(name: String, reason: String)
    case noSpareKeycode(keysym: String, display: String)
    case keymapChangeFailed(keysym: String, keycode: Int, display: String)
    case invalidButton(Int)

    public var description: String {
        switch self {
        case .noDisplay:
            return "no X display: DISPLAY is not set; pass --display :N (for a private one: Xvfb :99 & then --display :99)"
        case .cannotOpenDisplay(let name):
            return "cannot open X display \"\(name)\": no X server answers there (is it running, and may this user connect?)"
        case .missingExtension(let name, let display, let purpose):
            return "X display \(display) lacks the \(name) extension, which mimic needs \(purpose)"
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
