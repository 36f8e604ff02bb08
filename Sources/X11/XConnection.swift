import CX11
import Foundation

/// One Xlib connection, used by one thread at a time; closed when released. The one place that opens
/// a display: Capture, Control, Gym and the benchmark workloads each hold one and make their own
/// Xlib calls on `display`.
public final class XConnection: @unchecked Sendable {
    public let display: OpaquePointer
    public let name: String
    public let root: Window
    public let screen: Int32

    /// Opens `name`, or $DISPLAY when nil.
    public init(_ name: String?) throws(XConnectionError) {
        XConnection.initializeThreadsOnce
        _ = XErrorTrap.installOnce
        let resolved = name ?? ProcessInfo.processInfo.environment["DISPLAY"]
        guard let resolved, !resolved.isEmpty else { throw .noDisplay }
        guard let display = XOpenDisplay(resolved) else { throw .cannotOpenDisplay(name: resolved) }
        self.display = display
        self.name = resolved
        screen = XDefaultScreen(display)
        root = XRootWindow(display, screen)
    }

    deinit { XCloseDisplay(display) }

    /// Xlib must be told before the first call when several threads use Xlib (each with its own connection).
    private static let initializeThreadsOnce: Void = { XInitThreads() }()

    public var width: Int { Int(XDisplayWidth(display, screen)) }
    public var height: Int { Int(XDisplayHeight(display, screen)) }

    public func hasExtension(_ name: String) -> Bool {
        var opcode: Int32 = 0, event: Int32 = 0, error: Int32 = 0
        return XQueryExtension(display, name, &opcode, &event, &error) != 0
    }

    /// Fails, naming the extension and what it is for, when the server lacks it.
    public func require(_ extensionName: String, purpose: String) throws(XConnectionError) {
        guard hasExtension(extensionName) else { throw .missingExtension(name: extensionName, display: name, purpose: purpose) }
    }

    public func atom(_ name: String, create: Bool = true) -> Atom {
        XInternAtom(display, name, create ? 0 : 1)
    }

    /// The raw bytes of a window property, or nil when it is absent.
    public func property(_ window: Window, _ name: String, type: Atom = Atom(AnyPropertyType)) -> (bytes: [UInt8], format: Int32, type: Atom)? {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0
        var remaining: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(display, window, atom(name, create: false), 0, 1 << 20, 0, type,
                                        &actualType, &format, &count, &remaining, &data)
        guard status == Success, let data, actualType != 0 else { return nil }
        defer { XFree(data) }
        // Xlib hands back 32-bit properties as C longs.
        let unit = format == 32 ? MemoryLayout<UInt>.size : Int(format) / 8
        return (Array(UnsafeBufferPointer(start: data, count: Int(count) * unit)), format, actualType)
    }

    /// A 32-bit property's first value (e.g. a window id).
    public func cardinalProperty(_ window: Window, _ name: String) -> UInt? {
        guard let p = property(window, name), p.format == 32, p.bytes.count >= MemoryLayout<UInt>.size else { return nil }
        return p.bytes.withUnsafeBytes { $0.load(as: UInt.self) }
    }

    /// XKB's rules, model, layout, variant and options from the root window's _XKB_RULES_NAMES.
    public func keyboardLayout() -> [String]? {
        guard let p = property(root, "_XKB_RULES_NAMES"), p.format == 8 else { return nil }
        var parts = p.bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        while parts.count < 5 { parts.append("") }
        return Array(parts.prefix(5))
    }

    public func flush() { XFlush(display) }
    public func sync() { XSync(display, 0) }
}
