/// Why a connection to an X display could not be had; each says what to do about it.
public enum XConnectionError: Error, CustomStringConvertible, Equatable {
    case noDisplay
    case cannotOpenDisplay(name: String)
    case missingExtension(name: String, display: String, purpose: String)

    public var description: String {
        switch self {
        case .noDisplay:
            "no X display: DISPLAY is not set; pass --display :N (for a private one: Xvfb :99 & then --display :99)"
        case .cannotOpenDisplay(let name):
            "cannot open X display \"\(name)\": no X server answers there (is it running, and may this user connect?)"
        case .missingExtension(let name, let display, let purpose):
            "X display \(display) lacks the \(name) extension, which mimic needs \(purpose)"
        }
    }
}
