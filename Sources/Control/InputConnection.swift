import CX11
import X11

extension XConnection {
    /// Opens `name` ($DISPLAY when nil) to send input through: XTEST must be there.
    static func openForInput(_ name: String?) throws(ControlError) -> XConnection {
        let connection: XConnection
        do {
            connection = try XConnection(name)
            try connection.require("XTEST", purpose: "to send keyboard and mouse input")
        } catch {
            throw .connection(error)
        }
        // Our fake input must not wait behind another client's server grab.
        XTestGrabControl(connection.display, 1)
        return connection
    }
}
