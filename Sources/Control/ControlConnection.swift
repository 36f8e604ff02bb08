import CX11
import Foundation

/// The Xlib connection input is injected through: opens the display, checks for XTEST, and is
/// the one place in Control that holds a `Display*`. Used by one thread at a time.
final class ControlConnection: @unchecked Sendable {
    let display: OpaquePointer
    let name: String
    let screen: Int32
    let root: Window

    /// Opens `name`, or $DISPLAY when nil, and checks that XTEST is there.
    init(_ name: String?) throws(ControlError) {
        ControlConnection.prepareXlibOnce
        let resolved = name ?? ProcessInfo.processInfo.environment["DISPLAY"]
        guard let resolved, !resolved.isEmpty else { throw .noDisplay }
        guard let display = XOpenDisplay(resolved) else { throw .cannotOpenDisplay(name: resolved) }
        var eventBase: Int32 = 0, errorBase: Int32 = 0, major: Int32 = 0, minor: Int32 = 0
        guard XTestQueryExtension(display, &eventBase, &errorBase, &major, &minor) != 0 else {
            XCloseDisplay(display)
            throw .missingExtension(name: "XTEST", display: resolved, purpose: "to send keyboard and mouse input")
        }
        self.display = display
        self.name = resolved
        screen = XDefaultScreen(display)
        root = XRootWindow(display, screen)
        // Our fake input must not wait behind another client's server grab.
        XTestGrabControl(display, 1)
    }

    deinit { XCloseDisplay(display) }

    var width: Int { Int(XDisplayWidth(display, screen)) }
    var height: Int { Int(XDisplayHeight(display, screen)) }

    func flush() { XFlush(display) }
    func sync() { XSync(display, 0) }

    /// Xlib must be told before its first call that several threads use it (each with its own
    /// connection), and its default error handler ends the process: a refused request (say, a
    /// keymap change) must come back as something we check instead. A handler another part of
    /// the process installed (Capture's) is left in place; it does not end the process either.
    /// Control never relies on counting errors: it checks outcomes by reading state back.
    private static let prepareXlibOnce: Void = {
        XInitThreads()
        let previous = XSetErrorHandler(nil)  // the handler in force; Xlib's default is back now
        let standard = XSetErrorHandler(nil)  // Xlib's default
        if let previous, let standard, unsafeBitCast(previous, to: UnsafeRawPointer.self) != unsafeBitCast(standard, to: UnsafeRawPointer.self) {
            XSetErrorHandler(previous)
        } else {
            XSetErrorHandler { _, _ in 0 }
        }
    }()
}
