import Dataset
import Imaging

/// The colours of every mark, shared by all pages, and taken from the dataset's contact sheet so
/// that a click is the same red in `mimic dataset show` and in `mimic view`.
enum Palette {
    static func css(_ c: RGBColor) -> String {
        "#" + [c.r, c.g, c.b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Index = action type id.
    static let actionTypes: [String] = ActionType.allCases.map { css(ContactSheet.color($0)) }

    /// Raw input on the episode page.
    static let events: [String: String] = [
        "click": css(ContactSheet.color(.click)),
        "middle": css(RGBColor(250, 220, 30)),
        "right": css(ContactSheet.color(.rightClick)),
        "drag": css(ContactSheet.color(.mouseDown)),
        "scroll": css(ContactSheet.color(.scrollUp)),
        "key": css(ContactSheet.color(.key)),
        "path": css(ContactSheet.color(.move)),
        "window": "#ffffff",
        "heat": "#ff3020",
    ]
}
