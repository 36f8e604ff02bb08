import CX11
import Foundation

func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// A window covering the screen's top-left that logs every input event it receives.
func runEventWindow(display name: String, width: Int?, height: Int?) -> Never {
    guard let display = XOpenDisplay(name) else { fail("cannot open display \(name)") }
    let screen = XDefaultScreen(display)
    let root = XRootWindow(display, screen)
    let w = UInt32(width ?? Int(XDisplayWidth(display, screen)))
    let h = UInt32(height ?? Int(XDisplayHeight(display, screen)))
    var attributes = XSetWindowAttributes()
    attributes.background_pixel = 0x203040
    attributes.override_redirect = 1
    attributes.event_mask = Int(KeyPressMask | KeyReleaseMask | ButtonPressMask | ButtonReleaseMask | PointerMotionMask | ExposureMask | StructureNotifyMask)
    let window = XCreateWindow(display, root, 0, 0, w, h, 0, XDefaultDepth(display, screen), UInt32(InputOutput),
                               XDefaultVisual(display, screen), UInt(CWBackPixel | CWOverrideRedirect | CWEventMask), &attributes)
    XStoreName(display, window, "mimic event window")
    XMapRaised(display, window)
    var event = XEvent()
    repeat { XNextEvent(display, &event) } while event.type != MapNotify
    XSetInputFocus(display, window, RevertToParent, UInt(CurrentTime))
    XSync(display, 0)
    let gc = XCreateGC(display, window, 0, nil)
    say(#"{"type":"ready"}"#)

    var fds = [pollfd(fd: XConnectionNumber(display), events: Int16(POLLIN), revents: 0),
               pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
    var input = ""
    while true {
        while XPending(display) > 0 {
            XNextEvent(display, &event)
            logEvent(&event)
        }
        _ = poll(&fds, 2, 100)
        if fds[1].revents & Int16(POLLIN | POLLHUP) != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = read(STDIN_FILENO, &buffer, buffer.count)
            if n <= 0 { exit(0) }  // stdin closed: the test is done with us
            input += String(decoding: buffer[0..<n], as: UTF8.self)
            while let newline = input.firstIndex(of: "\n") {
                let command = input[..<newline].split(separator: " ")
                input = String(input[input.index(after: newline)...])
                if command.count == 2, command[0] == "color", let rgb = UInt(command[1], radix: 16) {
                    let before = monotonicNanoseconds()
                    XSetForeground(display, gc, rgb)
                    XFillRectangle(display, window, gc, 0, 0, w, h)
                    XSync(display, 0)
                    let after = monotonicNanoseconds()
                    say(#"{"type":"color","rgb":"\#(command[1])","before_ns":\#(before),"after_ns":\#(after)}"#)
                } else if command.count == 6, command[0] == "fill", let x = Int32(command[1]), let y = Int32(command[2]),
                          let fw = UInt32(command[3]), let fh = UInt32(command[4]), let rgb = UInt(command[5], radix: 16) {
                    XSetForeground(display, gc, rgb)
                    XFillRectangle(display, window, gc, x, y, fw, fh)
                    XSync(display, 0)
                    say(#"{"type":"fill","after_ns":\#(monotonicNanoseconds())}"#)
                } else if command.count == 2, command[0] == "noise", let seed = UInt64(command[1]) {
                    drawNoise(display, window, gc, width: Int(w), height: Int(h), seed: seed)
                    say(#"{"type":"noise","seed":\#(seed)}"#)
                }
            }
        }
    }
}

private func logEvent(_ event: inout XEvent) {
    let received = monotonicNanoseconds()
    switch event.type {
    case KeyPress, KeyRelease:
        var keysym: KeySym = 0
        var buffer = [CChar](repeating: 0, count: 16)
        XLookupString(&event.xkey, &buffer, 16, &keysym, nil)
        let name = XKeysymToString(keysym).map { String(cString: $0) } ?? "NoSymbol"
        let type = event.type == KeyPress ? "key_down" : "key_up"
        say(#"{"type":"\#(type)","keycode":\#(event.xkey.keycode),"keysym":"\#(name)","state":\#(event.xkey.state),"time":\#(event.xkey.time),"received_ns":\#(received)}"#)
    case ButtonPress, ButtonRelease:
        let b = event.xbutton
        let type = event.type == ButtonPress ? "button_down" : "button_up"
        say(#"{"type":"\#(type)","button":\#(b.button),"x":\#(b.x_root),"y":\#(b.y_root),"state":\#(b.state),"time":\#(b.time),"received_ns":\#(received)}"#)
    case MotionNotify:
        let m = event.xmotion
        say(#"{"type":"motion","x":\#(m.x_root),"y":\#(m.y_root),"time":\#(m.time),"received_ns":\#(received)}"#)
    default:
        break
    }
}

/// Fills the window with pseudo-random pixels: content that compresses badly, like a busy screen.
private func drawNoise(_ display: OpaquePointer, _ window: Window, _ gc: GC?, width: Int, height: Int, seed: UInt64) {
    let visual = XDefaultVisual(display, XDefaultScreen(display))
    let bytes = UnsafeMutablePointer<UInt32>.allocate(capacity: width * height)
    var state = seed | 1
    for i in 0..<(width * height) {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        bytes[i] = UInt32(truncatingIfNeeded: state) & 0xFFFFFF
    }
    let raw = UnsafeMutableRawPointer(bytes).assumingMemoryBound(to: CChar.self)
    guard let image = XCreateImage(display, visual, 24, ZPixmap, 0, raw, UInt32(width), UInt32(height), 32, 0) else { return }
    XPutImage(display, window, gc, image, 0, 0, 0, 0, UInt32(width), UInt32(height))
    XSync(display, 0)
    _ = image.pointee.f.destroy_image(image)  // frees `bytes` too
}
