import X11

extension XConnection {
    /// Opens `name` ($DISPLAY when nil) with Capture's error.
    static func open(_ name: String?) throws(CaptureError) -> XConnection {
        do { return try XConnection(name) } catch { throw .connection(error) }
    }
}
