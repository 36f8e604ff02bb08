import CX11
import Episode

/// X keysym names as episodes store them ("a", "A", "exclam", "Return", "0x1008ff13") and the
/// values they stand for. Works without a display.
public enum KeysymName {
    /// The keysym `name` stands for; throws for names that cannot be typed: a redacted key,
    /// "NoSymbol", or a name X does not know.
    public static func value(_ name: String) throws(ControlError) -> UInt {
        switch name {
        case "redacted":
            throw .unreplayableKey(name: name, reason: "it was recorded with --redact-keys, which keeps only that a key was pressed")
        case "NoSymbol", "":
            throw .unreplayableKey(name: name, reason: "the recorder's keymap had no symbol for its keycode")
        default:
            break
        }
        let value = XStringToKeysym(name)
        if value != 0 { return UInt(value) }
        if name.hasPrefix("0x"), let hex = UInt(name.dropFirst(2), radix: 16), hex != 0 { return hex }
        if name.hasPrefix("U+") || name.hasPrefix("U"), let code = UInt(name.drop { $0 == "U" || $0 == "+" }, radix: 16),
           code > 0, code <= 0x10FFFF {
            return 0x100_0000 + code
        }
        throw .unknownKeysym(name: name)
    }

    /// Nil when `name` can be typed, otherwise why not.
    public static func problem(_ name: String) -> ControlError? {
        do throws(ControlError) {
            _ = try value(name)
            return nil
        } catch {
            return error
        }
    }
}
