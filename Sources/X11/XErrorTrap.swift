import CX11
import Synchronization

/// Xlib's default error handlers end the process. Mimic installs its own once: a protocol error
/// (say, asking about a window that just closed) is counted, not fatal; losing the connection
/// runs `onConnectionLost` (the recorder finalizes its episode there) before Xlib exits.
public enum XErrorTrap {
    private static let errors = Atomic<Int>(0)
    private static let lock = Mutex<Void>(())
    nonisolated(unsafe) public static var onConnectionLost: (@Sendable () -> Void)?

    static let installOnce: Void = {
        XSetErrorHandler { _, _ in
            XErrorTrap.errors.add(1, ordering: .relaxed)
            return 0
        }
        XSetIOErrorHandler { _ in
            XErrorTrap.onConnectionLost?()
            return 0
        }
    }()

    /// Runs Xlib calls and reports whether they succeeded without an X error.
    public static func run(_ display: OpaquePointer, _ body: () -> Bool) -> Bool {
        _ = installOnce
        return lock.withLock { _ in
            XSync(display, 0)
            let before = errors.load(ordering: .relaxed)
            let ok = body()
            XSync(display, 0)
            return ok && errors.load(ordering: .relaxed) == before
        }
    }
}
