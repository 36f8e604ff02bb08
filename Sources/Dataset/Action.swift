import Episode

/// One action segmented from an episode's events: what the policy should predict at time `t`.
public struct Action: Sendable, Equatable {
    public var type: ActionType
    /// Milliseconds: the action's first event. Its observation is the last frame grabbed strictly before.
    public var t: Double
    /// Milliseconds: the action's last event (the release of a click, the rest of a move).
    public var endT: Double
    /// Screen pixels where the action happens (types 1–8); 0 for wait and key.
    public var x: Int
    public var y: Int
    /// Screen pixels where the gesture began: the press of a drag for mouse_up, the pointer before
    /// the motion for move; equal to (x, y) otherwise.
    public var startX: Int
    public var startY: Int
    /// Vocabulary index of the key (type key); 0 otherwise.
    public var key: Int
    /// Modifiers held: for key actions (see KeyVocabulary), and for clicks, presses and scrolls.
    public var modifiers: Modifiers

    public init(_ type: ActionType, t: Double, endT: Double? = nil, x: Int = 0, y: Int = 0,
                startX: Int? = nil, startY: Int? = nil, key: Int = 0, modifiers: Modifiers = []) {
        self.type = type
        self.t = t
        self.endT = endT ?? t
        self.x = x
        self.y = y
        self.startX = startX ?? x
        self.startY = startY ?? y
        self.key = key
        self.modifiers = modifiers
    }

    /// A short, exact form for logs and tests: "click 120,80 @1000", "key ctrl+a @250.5",
    /// "mouse_up 40,10 from 5,5 @900", "wait @1500".
    public var summary: String {
        let time = "@" + Action.format(t)
        switch type {
        case .wait:
            return "wait \(time)"
        case .key:
            return "key \(KeyVocabulary.label(key: key, modifiers: modifiers)) \(time)"
        default:
            let mods = modifiers.isEmpty ? "" : " " + modifiers.actionLabels.joined(separator: "+")
            let from = (type == .mouseUp || type == .move) && (startX != x || startY != y) ? " from \(startX),\(startY)" : ""
            return "\(type.name) \(x),\(y)\(from)\(mods) \(time)"
        }
    }

    static func format(_ ms: Double) -> String {
        ms == ms.rounded() ? String(Int(ms)) : String(ms)
    }
}
