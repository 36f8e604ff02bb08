import X11

/// What can stop a recording, each with what to do about it.
public enum CaptureError: Error, CustomStringConvertible, Equatable {
    /// No display, or it lacks an extension recording needs.
    case connection(XConnectionError)
    case unsupportedVisual(display: String, detail: String)
    case grabFailed(display: String, detail: String)
    case recordSetupFailed(display: String, detail: String)

    public var description: String {
        switch self {
        case .connection(let error):
            return error.description
        case .unsupportedVisual(let display, let detail):
            return "X display \(display): unsupported screen format: \(detail) (mimic records 24/32-bit TrueColor screens)"
        case .grabFailed(let display, let detail):
            return "X display \(display): screen grab failed: \(detail)"
        case .recordSetupFailed(let display, let detail):
            return "X display \(display): cannot start the input recorder (RECORD): \(detail)"
        }
    }
}
