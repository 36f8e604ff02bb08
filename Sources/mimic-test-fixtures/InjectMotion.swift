import CX11
import Foundation

/// Sends pointer moves through XTest at a steady rate and logs when each left.
func injectMotion(display name: String, count: Int, intervalMicroseconds: UInt32) -> Never {
    guard let display = XOpenDisplay(name) else { fail("cannot open display \(name)") }
    let screen = XDefaultScreen(display)
    let width = Int(XDisplayWidth(display, screen))
    let height = Int(XDisplayHeight(display, screen))
    var log: [String] = []
    log.reserveCapacity(count)
    let start = monotonicNanoseconds()
    for k in 0..<count {
        let due = start + UInt64(k) * UInt64(intervalMicroseconds) * 1000
        while monotonicNanoseconds() < due { usleep(50) }
        let x = (k * 37 + 11) % width
        let y = (k * 53 + 7) % height
        let before = monotonicNanoseconds()
        XTestFakeMotionEvent(display, screen, Int32(x), Int32(y), 0)
        XFlush(display)
        log.append(#"{"x":\#(x),"y":\#(y),"before_ns":\#(before),"sent_ns":\#(monotonicNanoseconds())}"#)
    }
    XSync(display, 0)
    say(log.joined(separator: "\n"))
    exit(0)
}
