import CX11
import X11
import Imaging

/// Whole-screen grabs on demand, as `mimic record` stores them: RGB with the mouse cursor drawn
/// in (when the server has XFIXES). For comparing a display with a recorded frame.
/// Use one instance from one thread at a time.
public final class ScreenShot: @unchecked Sendable {
    public var width: Int { grabber.width }
    public var height: Int { grabber.height }
    /// ":N" of the display grabbed.
    public var displayName: String { connection.name }

    private let connection: XConnection
    private let grabber: ScreenGrabber
    private let hasCursor: Bool
    private var buffer: [UInt8]
    private var cursor: CursorSnapshot?

    /// Connects to `display` (nil: $DISPLAY) and prepares a shared-memory grab.
    public init(display: String?) throws(CaptureError) {
        connection = try XConnection.open(display)
        var eventBase: Int32 = 0, errorBase: Int32 = 0
        hasCursor = XFixesQueryExtension(connection.display, &eventBase, &errorBase) != 0
        grabber = try ScreenGrabber(connection)
        buffer = [UInt8](repeating: 0, count: grabber.width * grabber.height * 4)
    }

    /// Grabs the screen now, with the cursor drawn in unless `includingCursor` is false.
    public func grab(includingCursor: Bool = true) throws(CaptureError) -> RGBImage {
        try grabber.grab(into: &buffer)
        var image = grabber.format.rgb(buffer, width: grabber.width, height: grabber.height)
        if includingCursor && hasCursor, let current = CursorSnapshot.current(connection, previous: cursor) {
            current.draw(into: &image)
            cursor = current
        }
        return image
    }
}
