import Primitives
import CX11
import X11
import Foundation
import Imaging

/// The X side of a task: its own connection, one override-redirect window, and the image it
/// shows. The one place in Gym that holds a `Display*`. The window selects button, motion and
/// key events and takes the keyboard focus, so it receives input like any X client; it is drawn
/// by putting a whole RGB picture (XPutImage). Used by one thread at a time.
final class TaskWindow: @unchecked Sendable {
    let displayName: String
    /// The window on the screen.
    let frame: Rect
    /// Held until `close`, which drops it (and so closes the display).
    private var connection: XConnection?
    private let display: OpaquePointer
    private let window: Window
    private let gc: GC
    private let image: UnsafeMutablePointer<XImage>
    private let pixels: UnsafeMutablePointer<UInt32>
    private let shifts: (red: UInt32, green: UInt32, blue: UInt32)
    private var closed = false

    /// Opens `name` ($DISPLAY when nil) and shows an empty window of `size` at the screen's
    /// top-left corner with the keyboard focus. Returns once it is mapped.
    init(display name: String?, size: Size, title: String) throws(GymError) {
        let connection: XConnection
        do { connection = try XConnection(name) } catch { throw .connection(error) }
        let display = connection.display, resolved = connection.name, screen = connection.screen
        let screenSize = Size(width: Int(XDisplayWidth(display, screen)), height: Int(XDisplayHeight(display, screen)))
        guard screenSize.width >= size.width, screenSize.height >= size.height else {
            throw .screenTooSmall(display: resolved, screen: screenSize, needed: size)
        }
        let visual = XDefaultVisual(display, screen)!
        let depth = XDefaultDepth(display, screen)
        guard visual.pointee.class == TrueColor, depth == 24 || depth == 32,
              let shifts = TaskWindow.shifts(visual.pointee.red_mask, visual.pointee.green_mask, visual.pointee.blue_mask) else {
            throw .unsupportedVisual(display: resolved, detail: "visual class \(visual.pointee.class), depth \(depth)")
        }
        let pixels = UnsafeMutablePointer<UInt32>.allocate(capacity: size.width * size.height)
        pixels.initialize(repeating: 0, count: size.width * size.height)
        let raw = UnsafeMutableRawPointer(pixels).assumingMemoryBound(to: CChar.self)
        guard let image = XCreateImage(display, visual, UInt32(depth), ZPixmap, 0, raw, UInt32(size.width), UInt32(size.height), 32, 0),
              image.pointee.bits_per_pixel == 32 else {
            pixels.deallocate()
            throw .unsupportedVisual(display: resolved, detail: "no 32-bit pixel format for depth \(depth)")
        }
        // The pixels are written as native 32-bit words; Xlib swaps them if the server differs.
        image.pointee.byte_order = Int32(1.littleEndian == 1 ? LSBFirst : MSBFirst)

        var attributes = XSetWindowAttributes()
        attributes.background_pixel = 0
        attributes.override_redirect = 1
        attributes.event_mask = Int(ButtonPressMask | ButtonReleaseMask | PointerMotionMask | KeyPressMask | ExposureMask | StructureNotifyMask)
        let window = XCreateWindow(display, XRootWindow(display, screen), 0, 0, UInt32(size.width), UInt32(size.height), 0, depth,
                                   UInt32(InputOutput), visual, UInt(CWBackPixel | CWOverrideRedirect | CWEventMask), &attributes)
        XStoreName(display, window, title)
        XMapRaised(display, window)
        var event = XEvent()
        repeat { XWindowEvent(display, window, Int(StructureNotifyMask), &event) } while event.type != MapNotify
        XSetInputFocus(display, window, Int32(RevertToPointerRoot), UInt(CurrentTime))
        XSync(display, 0)

        self.connection = connection
        self.display = display
        self.window = window
        self.gc = XCreateGC(display, window, 0, nil)
        self.image = image
        self.pixels = pixels
        self.shifts = shifts
        displayName = resolved
        frame = Rect(x: 0, y: 0, width: size.width, height: size.height)
    }

    deinit { close() }

    /// The connection's file descriptor, to wait on for events.
    var fileDescriptor: Int32 { XConnectionNumber(display) }

    /// Shows `picture` (the window's size) and sends it to the server.
    func show(_ picture: RGBImage) {
        precondition(picture.width == frame.width && picture.height == frame.height, "TaskWindow.show: picture size")
        let (r, g, b) = shifts
        picture.pixels.withUnsafeBufferPointer { rgb in
            for i in 0..<(frame.width * frame.height) {
                pixels[i] = UInt32(rgb[3 * i]) << r | UInt32(rgb[3 * i + 1]) << g | UInt32(rgb[3 * i + 2]) << b
            }
        }
        XPutImage(display, window, gc, image, 0, 0, 0, 0, UInt32(frame.width), UInt32(frame.height))
        XFlush(display)
    }

    /// Shows the last picture again (after an exposure).
    func redraw() {
        XPutImage(display, window, gc, image, 0, 0, 0, 0, UInt32(frame.width), UInt32(frame.height))
        XFlush(display)
    }

    /// Waits until the server has answered everything sent so far: input it generated before
    /// this call is then in the queue that `pendingInput` reads.
    func sync() { XSync(display, 0) }

    /// Every event that has arrived, as task input (in window coordinates), without waiting;
    /// `exposed` is set when the window must be drawn again.
    func pendingInput(exposed: inout Bool) -> [TaskInput] {
        var inputs: [TaskInput] = []
        var event = XEvent()
        while XPending(display) > 0 {
            XNextEvent(display, &event)
            switch event.type {
            case ButtonPress, ButtonRelease:
                let b = event.xbutton
                let point = Point(Int(b.x), Int(b.y))
                inputs.append(event.type == ButtonPress ? .press(button: Int(b.button), at: point) : .release(button: Int(b.button), at: point))
            case MotionNotify:
                inputs.append(.motion(to: Point(Int(event.xmotion.x), Int(event.xmotion.y))))
            case KeyPress:
                var keysym: KeySym = 0
                var buffer = [CChar](repeating: 0, count: 16)
                XLookupString(&event.xkey, &buffer, 16, &keysym, nil)
                guard keysym != 0, !TaskWindow.isModifier(keysym), let name = XKeysymToString(keysym) else { continue }
                inputs.append(.key(String(cString: name)))
            case Expose:
                exposed = true
            default:
                break
            }
        }
        return inputs
    }

    /// Destroys the window and closes the connection. Safe to call more than once.
    func close() {
        guard !closed else { return }
        closed = true
        XDestroyWindow(display, window)
        XFreeGC(display, gc)
        XSync(display, 0)
        image.pointee.data = nil
        _ = image.pointee.f.destroy_image(image)
        pixels.deallocate()
        connection = nil
    }

    /// Xutil's IsModifierKey: Shift, Control, Alt, Meta, Super, Hyper, the locks, AltGr and group switches.
    static func isModifier(_ keysym: KeySym) -> Bool {
        (0xFFE1...0xFFEE).contains(keysym) || (0xFE01...0xFE13).contains(keysym) || keysym == 0xFF7E || keysym == 0xFF7F
    }

    /// The bit position of each colour's lowest bit, for 8-bit channels.
    private static func shifts(_ red: UInt, _ green: UInt, _ blue: UInt) -> (red: UInt32, green: UInt32, blue: UInt32)? {
        let masks = [red, green, blue]
        guard masks.allSatisfy({ $0 != 0 && $0 >> $0.trailingZeroBitCount == 0xFF }) else { return nil }
        return (UInt32(red.trailingZeroBitCount), UInt32(green.trailingZeroBitCount), UInt32(blue.trailingZeroBitCount))
    }
}
