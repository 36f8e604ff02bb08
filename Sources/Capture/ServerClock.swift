import CX11
import Episode

/// Maps X server timestamps (milliseconds, 32 bits, since the server started) onto the
/// recorder's monotonic clock, so that events and frames share one time line.
///
/// Calibration: change a property and catch its PropertyNotify, which carries the server's time;
/// the server stamped it between our two clock readings around the request. The tightest of a few
/// tries gives the offset within about half a millisecond on a local display. While recording, an
/// event can never be mapped after the moment it was received; if it would be, the offset is lowered.
struct ServerClock: Sendable {
    private(set) var offset: Double
    private var last: UInt32 = 0
    private var wraps: Int64 = 0
    private var started = false

    init(offset: Double) { self.offset = offset }

    static func calibrate(_ connection: XConnection, clock: MonotonicClock) -> ServerClock {
        let display = connection.display
        var attributes = XSetWindowAttributes()
        attributes.event_mask = Int(PropertyChangeMask)
        let window = XCreateWindow(display, connection.root, -10, -10, 1, 1, 0, 0, UInt32(InputOnly), nil,
                                   UInt(CWEventMask), &attributes)
        defer { XDestroyWindow(display, window); XFlush(display) }
        let property = connection.atom("_MIMIC_CLOCK")
        var best: (width: Double, offset: Double)?
        var value: UInt8 = 0
        for _ in 0..<7 {
            XSync(display, 0)
            let before = clock.now()
            XChangeProperty(display, window, property, XA_INTEGER, 8, PropModeReplace, &value, 1)
            var event = XEvent()
            XWindowEvent(display, window, Int(PropertyChangeMask), &event)
            let after = clock.now()
            let server = Double(event.xproperty.time)
            // The stamp is a whole millisecond within [before, after]: the true offset is in
            // [before - server - 1, after - server].
            let estimate = (before + after) / 2 - server - 0.5
            if best == nil || after - before < best!.width { best = (after - before, estimate) }
        }
        return ServerClock(offset: best!.offset)
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
