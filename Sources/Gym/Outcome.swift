import Primitives

/// How a task run ended.
public struct Outcome: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The task's success check passed.
        case success
        /// A wrong choice (wrong colour, wrong order, wrong key, wrong word) or too many misses.
        case failure
        /// The time limit ran out first.
        case timeout
        /// The run was stopped from outside (Ctrl-C, the program ending) before any of the above.
        case stopped
    }

    public var kind: Kind
    /// For failures: what went wrong ("clicked the blue square, not the red one").
    public var reason: String?
    /// Seconds from the moment the task was on screen to the end.
    public var seconds: Double

    public init(kind: Kind, reason: String? = nil, seconds: Double) {
        self.kind = kind
        self.reason = reason
        self.seconds = seconds
    }

    public var succeeded: Bool { kind == .success }

    /// As stored in episode.json's `task.outcome`: "success", "timeout", "stopped", or
    /// "failure: <reason>".
    public var label: String {
        if let reason, kind == .failure { return "failure: \(reason)" }
        return kind.rawValue
    }

    public var description: String {
        label + " after " + String(format: "%.2f s", seconds)
    }
}
