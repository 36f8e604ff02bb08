/// What can stop a recording, each with what to do about it.
public enum CaptureError: Error, CustomStringConvertible, Equatable {
    case noDisplay
    case cannotOpenDisplay(name: String)
    case missingExtension(name: String, display: String, purpose: String)
    case unsupportedVisual(display: String, detail: String)
    case grabFailed(display: String, detail: String)
    case recordSetupFailed(display: String, detail: String)

    public var description: String {
        switch self {
        case .noDisplay:
            return "no X display: DISPLAY is not set; pass --display :N (for a private one: Xvfb :99 & then --display :99)"
        case .cannotOpenDisplay(let name):
            return "cannot open X display \"\(name)\": no X server answers there (is it running, and may this user connect?)"
        case .missingExtension(let name, let display, let purpose):
            return "X display \(display) lacks the \(name) extension, which mimic needs \(purpose)"
        case .unsupportedVisual(let display, let detail):
            return "X display \(display): unsupported screen format: \(detail) (mimic records 24/32-bit TrueColor screens)"
        case .grabFailed(let display, let detail):
            return "X display \(display): screen grab failed: \(detail)"
        case .recordSetupFailed(let display, let detail):
            return "X display \(display): cannot start the input recorder (RECORD): \(detail)"
        }
    }
}
