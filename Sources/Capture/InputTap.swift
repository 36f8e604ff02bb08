import CX11
import X11
import Episode
import Foundation
import Synchronization

/// Receives every core key, button and motion event on a display through the RECORD extension,
/// including synthetic ones from XTest clients (xdotool, replays). Nothing is grabbed: the
/// user's applications see their input unchanged.
///
/// It runs on its own thread with three connections of its own: RECORD's control and data
/// connections (the protocol requires two) and one for keymaps and window focus. Events are
/// never dropped: each is converted and handed to `sink` as it arrives.
public final class InputTap: @unchecked Sendable {
    public struct Options: Sendable {
        public var redactKeys = false
        public init(redactKeys: Bool = false) { self.redactKeys = redactKeys }
    }

    private let control: XConnection
    private let data: XConnection
    private let aux: XConnection
    private let keysyms: KeysymLookup
    private let focus: FocusWatcher
    private let clock: MonotonicClock
    private var serverClock: ServerClock
    private let options: Options
    private let sink: @Sendable (InputEvent) -> Void
    private var context: XRecordContext = 0
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private var sawEndOfData = false

    /// Opens the connections and checks for RECORD. `sink` is called on the tap's thread.
    public init(display: String?, clock: MonotonicClock, options: Options = Options(),
                sink: @escaping @Sendable (InputEvent) -> Void) throws(CaptureError) {
        control = try XConnection.open(display)
        data = try XConnection.open(control.name)
        aux = try XConnection.open(control.name)
        var major: Int32 = 0, minor: Int32 = 0
        guard XRecordQueryVersion(control.display, &major, &minor) != 0 else {
            throw .connection(.missingExtension(name: "RECORD", display: control.name, purpose: "to receive keyboard and mouse events"))
        }
        keysyms = KeysymLookup(aux)
        focus = FocusWatcher(aux)
        self.clock = clock
        self.options = options
        self.sink = sink
        serverClock = ServerClock.calibrate(aux, clock: clock)

        guard let range = XRecordAllocRange() else {
            throw .recordSetupFailed(display: control.name, detail: "XRecordAllocRange failed")
        }
        defer { XFree(range) }
        range.pointee.device_events.first = UInt8(KeyPress)
        range.pointee.device_events.last = UInt8(MotionNotify)
        var clients = XRecordClientSpec(XRecordAllClients)
        var ranges: UnsafeMutablePointer<XRecordRange>? = range
        context = XRecordCreateContext(control.display, 0, &clients, 1, &ranges, 1)
        guard context != 0 else { throw .recordSetupFailed(display: control.name, detail: "XRecordCreateContext failed") }
        control.sync()
    }

    /// Starts receiving. Events before this call are not seen.
    public func start() throws(CaptureError) {
        let closure = Unmanaged.passUnretained(self).toOpaque().assumingMemoryBound(to: CChar.self)
        guard XRecordEnableContextAsync(data.display, context, { closure, intercepted in
            guard let closure, let intercepted else { return }
            let tap = Unmanaged<InputTap>.fromOpaque(UnsafeRawPointer(closure)).takeUnretainedValue()
            tap.receive(intercepted.pointee)
            XRecordFreeData(intercepted)
        }, closure) != 0 else {
            throw .recordSetupFailed(display: control.name, detail: "XRecordEnableContextAsync failed")
        }
        data.flush()
        if let window = focus.changed() { sink(InputEvent(t: clock.now(), .window(window))) }
        let thread = Thread { [self] in run() }
        thread.name = "input-tap"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Stops after every event the server processed before this call has been handed to the sink.
    public func stop() {
        // Everything the server did before the sync is in the RECORD stream before end-of-data.
        control.sync()
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        finished.wait()
        XRecordFreeContext(control.display, context)
        control.sync()
    }

    private func run() {
        var fds = [pollfd(fd: XConnectionNumber(data.display), events: Int16(POLLIN), revents: 0),
                   pollfd(fd: XConnectionNumber(aux.display), events: Int16(POLLIN), revents: 0)]
        var disabled = false
        var lastFocusCheck = clock.now()
        while !sawEndOfData {
            if stopRequested.load(ordering: .sequentiallyConsistent) && !disabled {
                XRecordDisableContext(control.display, context)
                control.flush()
                disabled = true
            }
            _ = poll(&fds, 2, 20)
            XRecordProcessReplies(data.display)
            handleAuxEvents()
            let now = clock.now()
            if now - lastFocusCheck >= 250 {  // without a window manager, focus changes send no event
                lastFocusCheck = now
                if let window = focus.changed() { sink(InputEvent(t: now, .window(window))) }
            }
        }
        finished.signal()
    }

    private func handleAuxEvents() {
        var focusMayHaveChanged = false
        while XPending(aux.display) > 0 {
            var event = XEvent()
            XNextEvent(aux.display, &event)
            if keysyms.handle(&event) { continue }
            if focus.isRelevant(event) { focusMayHaveChanged = true }
        }
        if focusMayHaveChanged, let window = focus.changed() {
            sink(InputEvent(t: clock.now(), .window(window)))
        }
    }

    /// One RECORD datum. Device events arrive as the 32-byte core protocol event (xEvent).
    private func receive(_ datum: XRecordInterceptData) {
        if datum.category == XRecordEndOfData { sawEndOfData = true; return }
        guard datum.category == XRecordFromServer, datum.data_len >= 8, let bytes = datum.data else { return }
        let swapped = datum.client_swapped != 0
        func u16(_ at: Int) -> UInt16 {
            let v = UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
            return swapped ? v.byteSwapped : v
        }
        func u32(_ at: Int) -> UInt32 {
            let v = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            return swapped ? v.byteSwapped : v
        }
        let type = Int32(bytes[0] & 0x7F)
        let detail = bytes[1]
        let t = serverClock.map(u32(4), receivedAt: clock.now())
        let x = Int(Int16(bitPattern: u16(20)))
        let y = Int(Int16(bitPattern: u16(22)))
        let state = u16(28)
        let modifiers = Modifiers(xState: UInt32(state))
        switch type {
        case MotionNotify:
            sink(InputEvent(t: t, .motion(x: x, y: y)))
        case ButtonPress, ButtonRelease:
            let button = InputEvent.Button(button: Int(detail), x: x, y: y, modifiers: modifiers)
            sink(InputEvent(t: t, type == ButtonPress ? .buttonDown(button) : .buttonUp(button)))
        case KeyPress, KeyRelease:
            let key: InputEvent.Key
            if options.redactKeys && keysyms.isPrintable(keycode: detail, state: state) {
                key = InputEvent.Key(keycode: 0, keysym: InputTap.redactedKeysym, modifiers: modifiers)
            } else {
                key = InputEvent.Key(keycode: Int(detail), keysym: keysyms.name(keycode: detail, state: state), modifiers: modifiers)
            }
            sink(InputEvent(t: t, type == KeyPress ? .keyDown(key) : .keyUp(key)))
        default:
            break
        }
    }

    /// The keysym stored for a printable key under `--redact-keys`.
    public static let redactedKeysym = "redacted"
}
