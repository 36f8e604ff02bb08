import CX11
import Foundation

/// mimic-test-fixtures paint-window <display>
///     Prints {"type":"ready"} once mapped and focused; "clear RRGGBB" on stdin is answered with
///     {"type":"cleared",...} once drawn; "sync" with {"type":"synced"} once every input event the
///     server sent so far is drawn. Exits when stdin closes.
func paintWindowMain(_ arguments: [String]) -> Never {
    guard arguments.count == 1 else { fail("usage: mimic-test-fixtures paint-window <display>") }
    runPaintWindow(display: arguments[0])
}

/// A window covering the screen whose picture depends on the input it received, in order:
/// a button press paints a 16x16 square at the pointer (colour by button), motion with button 1
/// held paints a 4x4 dot, and each key press paints a 10x16 block in a row along the top (colour
/// from the keysym and the modifier state). Replaying the same input gives the same picture.
/// stdin: "clear RRGGBB" repaints the background and starts over.
func runPaintWindow(display name: String) -> Never {
    guard let display = XOpenDisplay(name) else { fail("cannot open display \(name)") }
    let screen = XDefaultScreen(display)
    let root = XRootWindow(display, screen)
    let w = UInt32(XDisplayWidth(display, screen)), h = UInt32(XDisplayHeight(display, screen))
    let depth = XDefaultDepth(display, screen)
    var attributes = XSetWindowAttributes()
    attributes.override_redirect = 1
    attributes.event_mask = Int(KeyPressMask | ButtonPressMask | Button1MotionMask | ExposureMask)
    let window = XCreateWindow(display, root, 0, 0, w, h, 0, depth, UInt32(InputOutput), XDefaultVisual(display, screen),
                               UInt(CWOverrideRedirect | CWEventMask), &attributes)
    XStoreName(display, window, "mimic paint window")
    // Everything is drawn into a pixmap and copied to the window, so that exposures lose nothing.
    let canvas = XCreatePixmap(display, window, w, h, UInt32(depth))
    let gc = XCreateGC(display, window, 0, nil)
    var background: UInt = 0x203040
    var column = 0
    func fill(_ color: UInt, _ x: Int32, _ y: Int32, _ width: UInt32, _ height: UInt32) {
        XSetForeground(display, gc, color)
        XFillRectangle(display, canvas, gc, x, y, width, height)
    }
    func show() {
        XCopyArea(display, canvas, window, gc, 0, 0, w, h, 0, 0)
        XFlush(display)
    }
    fill(background, 0, 0, w, h)
    XMapRaised(display, window)
    var event = XEvent()
    repeat { XNextEvent(display, &event) } while event.type != MapNotify && event.type != Expose
    XSetInputFocus(display, window, RevertToParent, UInt(CurrentTime))
    show()
    XSync(display, 0)
    say(#"{"type":"ready"}"#)

    let buttonColors: [UInt] = [0, 0xF04030, 0x30C050, 0x3070F0, 0xE0E040, 0xE040E0, 0x40E0E0, 0xF0A040, 0xA0A0A0, 0xFFFFFF]
    var fds = [pollfd(fd: XConnectionNumber(display), events: Int16(POLLIN), revents: 0),
               pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
    var input = ""
    var syncRequested = false
    while true {
        var changed = false
        if syncRequested { XSync(display, 0) }  // every event the server generated so far is queued now
        while XPending(display) > 0 {
            XNextEvent(display, &event)
            switch event.type {
            case ButtonPress:
                let b = event.xbutton
                fill(buttonColors[Int(min(b.button, 9))], Int32(b.x) - 8, Int32(b.y) - 8, 16, 16)
                changed = true
            case MotionNotify:
                let m = event.xmotion
                fill(0xFFFFFF, Int32(m.x) - 2, Int32(m.y) - 2, 4, 4)
                changed = true
            case KeyPress:
                var keysym: KeySym = 0
                var buffer = [CChar](repeating: 0, count: 16)
                XLookupString(&event.xkey, &buffer, 16, &keysym, nil)
                let color = UInt((keysym &* 2_654_435_761 ^ UInt(event.xkey.state) &* 40503) & 0xFFFFFF) | 0x404040
                fill(color, Int32(4 + (column % Int(max(1, (w - 8) / 12))) * 12), Int32(4 + column / Int(max(1, (w - 8) / 12)) * 20), 10, 16)
                column += 1
                changed = true
            case Expose:
                changed = true
            default:
                break
            }
        }
        if changed { show() }
        if syncRequested {
            XSync(display, 0)
            say(#"{"type":"synced"}"#)
            syncRequested = false
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
                if command == ["sync"] { syncRequested = true }
                if command.count == 2, command[0] == "clear", let rgb = UInt(command[1], radix: 16) {
                    background = rgb
                    column = 0
                    fill(background, 0, 0, w, h)
                    show()
                    XSync(display, 0)
                    say(#"{"type":"cleared","rgb":"\#(command[1])"}"#)
                }
            }
        }
    }
}
