import CX11
import X11
import Episode

/// Notices when the active window changes: through the window manager's _NET_ACTIVE_WINDOW
/// on the root window when there is one, otherwise by asking for the input focus.
final class FocusWatcher {
    let connection: XConnection
    private let activeAtom: Atom
    private var current: InputEvent.Window?

    init(_ connection: XConnection) {
        self.connection = connection
        activeAtom = connection.atom("_NET_ACTIVE_WINDOW")
        XSelectInput(connection.display, connection.root, Int(PropertyChangeMask))
        connection.flush()
    }

    /// The active window now, or nil if unchanged since the last call.
    func changed() -> InputEvent.Window? {
        let window = describe(activeWindow())
        // A moved or resized window is still the same window.
        guard window.id != current?.id || window.title != current?.title else { return nil }
        current = window
        return window
    }

    /// True when `event` may mean the active window changed.
    func isRelevant(_ event: XEvent) -> Bool {
        event.type == PropertyNotify && event.xproperty.atom == activeAtom
    }

    private func activeWindow() -> Window {
        if let active = connection.cardinalProperty(connection.root, "_NET_ACTIVE_WINDOW"), active != 0 {
            return Window(active)
        }
        var focus: Window = 0
        var revert: Int32 = 0
        XGetInputFocus(connection.display, &focus, &revert)
        // PointerRoot (1) and None (0) mean no particular window: report the root.
        return focus <= 1 ? connection.root : topLevel(of: focus)
    }

    /// Climbs to the child of the root that contains `window` (where a window manager puts names).
    private func topLevel(of window: Window) -> Window {
        var window = window
        for _ in 0..<64 {
            var root: Window = 0, parent: Window = 0
            var children: UnsafeMutablePointer<Window>?
            var count: UInt32 = 0
            guard XQueryTree(connection.display, window, &root, &parent, &children, &count) != 0 else { return window }
            if let children { XFree(children) }
            if parent == root || parent == 0 { return window }
            window = parent
        }
        return window
    }

    private func describe(_ window: Window) -> InputEvent.Window {
        var attributes = XWindowAttributes()
        var x: Int32 = 0, y: Int32 = 0
        var child: Window = 0
        let display = connection.display
        let ok = XErrorTrap.run(display) {
            XGetWindowAttributes(display, window, &attributes) != 0
                && XTranslateCoordinates(display, window, connection.root, 0, 0, &x, &y, &child) != 0
        }
        if !ok { attributes = XWindowAttributes(); x = 0; y = 0 }
        return InputEvent.Window(id: UInt64(window), title: title(window), wmClass: windowClass(window),
                                 x: Int(x), y: Int(y), width: Int(attributes.width), height: Int(attributes.height))
    }

    private func title(_ window: Window) -> String {
        if let p = connection.property(window, "_NET_WM_NAME"), p.format == 8 {
            return String(decoding: p.bytes, as: UTF8.self)
        }
        if let p = connection.property(window, "WM_NAME"), p.format == 8 {
            return String(decoding: p.bytes, as: UTF8.self)
        }
        return window == connection.root ? "(root)" : ""
    }

    /// WM_CLASS holds "instance\0Class\0"; the class names the application.
    private func windowClass(_ window: Window) -> String {
        guard let p = connection.property(window, "WM_CLASS"), p.format == 8 else { return "" }
        let parts = p.bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return parts.last ?? ""
    }
}
