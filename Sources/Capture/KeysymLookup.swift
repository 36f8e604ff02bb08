import CX11
import X11

/// Turns keycodes into keysym names with the display's keymap as it is now, on its own
/// connection (the event tap's thread owns it). Follows keymap changes (XkbMapNotify).
final class KeysymLookup {
    let connection: XConnection
    private var xkbEventBase: Int32 = 0

    init(_ connection: XConnection) {
        self.connection = connection
        var opcode: Int32 = 0, error: Int32 = 0
        var major = Int32(XkbMajorVersion), minor = Int32(XkbMinorVersion)
        if XkbQueryExtension(connection.display, &opcode, &xkbEventBase, &error, &major, &minor) != 0 {
            XkbSelectEvents(connection.display, UInt32(XkbUseCoreKbd), UInt32(XkbMapNotifyMask), UInt32(XkbMapNotifyMask))
        }
    }

    /// The keysym `keycode` produces with modifier/group `state`, by X name ("a", "A", "Return").
    func name(keycode: UInt8, state: UInt16) -> String {
        var modsReturned: UInt32 = 0
        var keysym: KeySym = 0
        _ = XkbLookupKeySym(connection.display, KeyCode(keycode), UInt32(state), &modsReturned, &keysym)
        if keysym == 0 { return "NoSymbol" }
        if let name = XKeysymToString(keysym) { return String(cString: name) }
        return "0x" + String(keysym, radix: 16)
    }

    /// True for keysyms that type a visible character (what `--redact-keys` hides).
    func isPrintable(keycode: UInt8, state: UInt16) -> Bool {
        var modsReturned: UInt32 = 0
        var keysym: KeySym = 0
        _ = XkbLookupKeySym(connection.display, KeyCode(keycode), UInt32(state), &modsReturned, &keysym)
        return (0x20...0x7E).contains(keysym) || (0xA0...0xFF).contains(keysym) || (0x100_0000...0x110_FFFF).contains(keysym)
            || (0xFFAA...0xFFB9).contains(keysym)  // keypad digits and operators
    }

    /// Handles one event from this connection; true if it was a keymap change.
    func handle(_ event: inout XEvent) -> Bool {
        if event.type == MappingNotify {
            XRefreshKeyboardMapping(&event.xmapping)
            return true
        }
        if xkbEventBase != 0 && event.type == xkbEventBase {
            return withUnsafeMutablePointer(to: &event) { pointer in
                pointer.withMemoryRebound(to: XkbEvent.self, capacity: 1) { xkb in
                    guard xkb.pointee.any.xkb_type == XkbMapNotify else { return false }
                    XkbRefreshKeyboardMapping(&xkb.pointee.map)
                    return true
                }
            }
        }
        return false
    }
}
