import CX11
import X11
import Foundation
import Imaging
import Synchronization

/// Keeps a display's screen changing, on its own connection and thread, for benchmarks:
/// `.busy` scrolls a tall desktop picture a few pixels every frame (every pixel row changes, like
/// scrolling a page); `.typical` shows a still desktop where a character is typed now and then.
public final class ScreenAnimator: @unchecked Sendable {
    public enum Mode: Sendable { case busy, typical }

    private let connection: XConnection
    private let display: OpaquePointer
    private let window: Window
    private let pixmap: Pixmap
    private let gc: GC
    private let width: Int
    private let height: Int
    private let mode: Mode
    private let fps: Double
    private let stopFlag = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    public init(display name: String, mode: Mode, fps: Double = 30) throws(WorkloadError) {
        do { connection = try XConnection(name) } catch { throw .connection(error) }
        let display = connection.display
        self.display = display
        self.mode = mode
        self.fps = fps
        let screen = XDefaultScreen(display)
        width = Int(XDisplayWidth(display, screen))
        height = Int(XDisplayHeight(display, screen))
        let root = XRootWindow(display, screen)
        var attributes = XSetWindowAttributes()
        attributes.override_redirect = 1
        window = XCreateWindow(display, root, 0, 0, UInt32(width), UInt32(height), 0, XDefaultDepth(display, screen),
                               UInt32(InputOutput), XDefaultVisual(display, screen), UInt(CWOverrideRedirect), &attributes)
        XMapRaised(display, window)
        gc = XCreateGC(display, window, 0, nil)
        // A picture twice the screen's height to scroll through.
        let picture = SyntheticDesktop.image(width: width, height: height * 2)
        pixmap = XCreatePixmap(display, window, UInt32(width), UInt32(height * 2), UInt32(XDefaultDepth(display, screen)))
        ScreenAnimator.upload(picture, to: pixmap, display: display, gc: gc)
        XCopyArea(display, pixmap, window, gc, 0, 0, UInt32(width), UInt32(height), 0, 0)
        XSync(display, 0)
    }

    /// Starts changing the screen `fps` times a second until `stop()`.
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "screen-animator"
        thread.start()
    }

    public func stop() {
        stopFlag.store(true, ordering: .relaxed)
        done.wait()
    }

    private func loop() {
        defer { done.signal() }
        let period = 1.0 / fps
        let start = Date()
        var tick = 0
        var typed = 0
        while !stopFlag.load(ordering: .relaxed) {
            tick += 1
            switch mode {
            case .busy:
                let offset = (tick * 7) % height
                XCopyArea(display, pixmap, window, gc, 0, Int32(offset), UInt32(width), UInt32(height), 0, 0)
            case .typical:
                // About four keystrokes a second into a text area; the rest of the screen stays still.
                if tick % max(1, Int(fps / 4)) == 0 {
                    let column = typed % 80, row = (typed / 80) % 20
                    XSetForeground(display, gc, UInt(0x202020 + (typed % 7) * 0x101010))
                    XFillRectangle(display, window, gc, Int32(100 + column * 12), Int32(200 + row * 22), 8, 14)
                    typed += 1
                }
            }
            XFlush(display)
            let next = start.addingTimeInterval(Double(tick) * period)
            let wait = next.timeIntervalSinceNow
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        }
        XSync(display, 0)
    }

    private static func upload(_ image: RGBImage, to pixmap: Pixmap, display: OpaquePointer, gc: GC?) {
        let count = image.width * image.height
        let bgrx = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<count { bgrx[i] = UInt32(p[i * 3]) << 16 | UInt32(p[i * 3 + 1]) << 8 | UInt32(p[i * 3 + 2]) }
        }
        let visual = XDefaultVisual(display, XDefaultScreen(display))
        let raw = UnsafeMutableRawPointer(bgrx).assumingMemoryBound(to: CChar.self)
        guard let ximage = XCreateImage(display, visual, 24, ZPixmap, 0, raw, UInt32(image.width), UInt32(image.height), 32, 0) else {
            bgrx.deallocate()
            return
        }
        XPutImage(display, pixmap, gc, ximage, 0, 0, 0, 0, UInt32(image.width), UInt32(image.height))
        XSync(display, 0)
        ximage.pointee.data = nil
        _ = ximage.pointee.f.destroy_image(ximage)
        bgrx.deallocate()
    }
}

public enum WorkloadError: Error, CustomStringConvertible {
    case connection(XConnectionError)

    public var description: String {
        switch self {
        case .connection(let error): error.description
        }
    }
}
