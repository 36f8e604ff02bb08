/// What the policy predicts at each step; the ids are the model's type classes (the table in docs/dataset.md).
public enum ActionType: Int32, CaseIterable, Sendable, Codable {
    case wait = 0
    case move = 1
    case click = 2
    case doubleClick = 3
    case rightClick = 4
    case mouseDown = 5
    case mouseUp = 6
    case scrollUp = 7
    case scrollDown = 8
    case key = 9

    /// The name used in files, metadata and on the command line.
    public var name: String {
        switch self {
        case .wait: "wait"
        case .move: "move"
        case .click: "click"
        case .doubleClick: "double_click"
        case .rightClick: "right_click"
        case .mouseDown: "mouse_down"
        case .mouseUp: "mouse_up"
        case .scrollUp: "scroll_up"
        case .scrollDown: "scroll_down"
        case .key: "key"
        }
    }

    public init?(name: String) {
        guard let match = ActionType.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Names in id order: index i is the name of type i.
    public static let names = allCases.map(\.name)

    /// Types 1–8 carry a pointer position; wait and key do not.
    public var hasPosition: Bool { self != .wait && self != .key }
}
