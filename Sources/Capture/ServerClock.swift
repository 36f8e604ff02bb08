import CX11
import X11
import Episode

/// Maps X server timestamps (milliseconds, 32 bits) onto the recorder's monotonic clock, so that
/// events and frames share one time line.
///
/// A local X.org server (Xvfb included) stamps events with CLOCK_MONOTONIC in whole milliseconds,
/// the clock the recorder uses: then the mapping is exact and an event's `t` is the start of the
/// millisecond it happened in. Calibration checks that: it changes a property and catches the
/// PropertyNotify, whose server time must fall between two clock readings taken around the
/// request. When it does not (a remote server), the offset is estimated from the tightest of
/// those windows instead, and lowered whenever an event would otherwise be mapped after the
/// moment it was received.
struct ServerClock: Sendable {
    private(set) var offset: Double
    /// True when the server's clock was found to be this machine's CLOCK_MONOTONIC.
    let exact: Bool
    private var last: UInt32 = 0
    private var wraps: Int64 = 0
    private var started = false

    init(offset: Double, exact: Bool) {
        self.offset = offset
        self.exact = exact
    }

    static func calibrate(_ connection: XConnection, clock: MonotonicClock) -> ServerClock {
        let display = connection.display
        var attributes = XSetWindowAttributes()
        attributes.event_mask = Int(PropertyChangeMask)
        let window = XCreateWindow(display, connection.root, -10, -10, 1, 1, 0, 0, UInt32(InputOnly), nil,
                                   UInt(CWEventMask), &attributes)
        defer { XDestroyWindow(display, window); XFlush(display) }
        let property = connection.atom("_MIMIC_CLOCK")
        let startMs = Double(clock.startNanoseconds) / 1_000_000
        let cycle = Double(UInt64(1) << 32)
        var best: (width: Double, offset: Double)?
        var sameClock = true
        var exactOffset = 0.0
        var value: UInt8 = 0
        for _ in 0..<7 {
            XSync(display, 0)
            let before = clock.now()
            XChangeProperty(display, window, property, XA_INTEGER, 8, PropModeReplace, &value, 1)
            var event = XEvent()
            XWindowEvent(display, window, Int(PropertyChangeMask), &event)
            let after = clock.now()
            let server = Double(event.xproperty.time)
            // Same clock: the stamp is floor(absolute ms) modulo 2^32 of a moment in [before, after].
            let wrapsSoFar = ((before + startMs - server) / cycle).rounded()
            let candidate = wrapsSoFar * cycle - startMs
            if !(server + candidate >= before - 1.001 && server + candidate <= after + 0.001) { sameClock = false }
            exactOffset = candidate
            // Otherwise: the true offset lies in [before - server - 1, after - server].
            let estimate = (before + after) / 2 - server - 0.5
            if best == nil || after - before < best!.width { best = (after - before, estimate) }
        }
        return sameClock ? ServerClock(offset: exactOffset, exact: true) : ServerClock(offset: best!.offset, exact: false)
    }

    /// Maps a server time, unwrapping the 32-bit counter (it wraps every 49.7 days).
    mutating func map(_ serverTime: UInt32, receivedAt: Double) -> Double {
        if started && serverTime < last && last - serverTime > 0x8000_0000 { wraps += 1 }
        started = true
        last = serverTime
        let mapped = Double(Int64(serverTime) + wraps << 32) + offset
        if mapped > receivedAt {
            offset -= mapped - receivedAt
            return receivedAt
        }
        return mapped
    }
}
