import Control
import Episode

/// What a replay sends and when: an episode's input events turned into injector actions with
/// their times on the replay's clock. Built without a display, so `--dry-run` and tests can
/// look at it.
///
/// Times: the replay's time 0 is `--from`, or the first input event without it; each event is
/// due at (t − start) / speed. Window events are not input and are left out. Keys that cannot be
/// typed (recorded with --redact-keys, or without a keysym) are left out and listed in `skipped`.
public struct ReplayPlan: Sendable {
    public enum Action: Sendable, Equatable, CustomStringConvertible {
        case move(x: Int, y: Int)
        case buttonDown(button: Int, x: Int, y: Int)
        case buttonUp(button: Int, x: Int, y: Int)
        /// `keycode` is the recorded one: a hint among keycodes carrying the keysym, and what
        /// pairs a release with its press.
        case keyDown(keysym: String, keycode: Int)
        case keyUp(keysym: String, keycode: Int)

        public var description: String {
            switch self {
            case .move(let x, let y): "move \(x),\(y)"
            case .buttonDown(let b, let x, let y): "button \(b) down at \(x),\(y)"
            case .buttonUp(let b, let x, let y): "button \(b) up at \(x),\(y)"
            case .keyDown(let k, _): "key \(k) down"
            case .keyUp(let k, _): "key \(k) up"
            }
        }
    }

    public struct Step: Sendable, Equatable {
        /// Milliseconds after the replay starts.
        public var at: Double
        /// The event's time in the episode (ms).
        public var t: Double
        public var action: Action
    }

    /// An event left out, and why.
    public struct Skip: Sendable, Equatable {
        public var t: Double
        public var what: String
        public var reason: String
    }

    public let steps: [Step]
    public let skipped: [Skip]
    /// Episode time (ms) at the replay's time 0, and of its end (--to, or the last step).
    public let start: Double
    public let end: Double
    public let speed: Double
    /// Where the pointer was at `--from` (scaled), to put it there before the first step.
    public let startPointer: (x: Int, y: Int)?
    /// Target pixels per recorded pixel, (1, 1) unless --scale maps between screen sizes.
    public let scale: (x: Double, y: Double)

    /// Every keysym the plan types, in first-use order.
    public var keysyms: [String] {
        var seen = Set<String>()
        return steps.compactMap { step in
            guard case .keyDown(let keysym, _) = step.action, seen.insert(keysym).inserted else { return nil }
            return keysym
        }
    }

    /// Replay time (ms) at which the last step is due.
    public var duration: Double { steps.last?.at ?? 0 }

    /// Plans `episode` for a screen of `target` size (nil: unknown, as in a dry run without a
    /// display). Refuses a different screen size unless `options.scale`.
    public init(episode: EpisodeContents, options: ReplayOptions, target: (width: Int, height: Int)?) throws(ReplayError) {
        precondition(options.speed > 0 && options.speed.isFinite, "replay speed must be positive, got \(options.speed)")
        let recorded = (width: episode.metadata.screen.width, height: episode.metadata.screen.height)
        if let target, target != recorded {
            guard options.scale else {
                throw .screenSizeMismatch(episode: episode.directory, recorded: recorded, display: options.displayLabel, actual: target)
            }
            scale = (Double(target.width) / Double(max(1, recorded.width)), Double(target.height) / Double(max(1, recorded.height)))
        } else {
            scale = (1, 1)
        }
        if let from = options.from, let to = options.to, from >= to { throw .invalidRange(from: from, to: to) }
        let lower = options.from ?? -Double.infinity
        let upper = options.to ?? Double.infinity
        let (xScale, yScale) = scale
        let bounds = target ?? recorded
        func mapped(_ x: Int, _ y: Int) -> (Int, Int) {
            guard xScale != 1 || yScale != 1 else { return (x, y) }
            return (min(bounds.width - 1, max(0, Int(((Double(x) + 0.5) * xScale).rounded(.down)))),
                    min(bounds.height - 1, max(0, Int(((Double(y) + 0.5) * yScale).rounded(.down)))))
        }

        var actions: [(t: Double, action: Action)] = []
        var skipped: [Skip] = []
        var pointerBefore: (x: Int, y: Int)?
        for event in episode.events {
            if event.t < lower {
                switch event.kind {
                case .motion(let x, let y): pointerBefore = mapped(x, y)
                case .buttonDown(let b), .buttonUp(let b): pointerBefore = mapped(b.x, b.y)
                default: break
                }
                continue
            }
            if event.t > upper { break }
            switch event.kind {
            case .motion(let x, let y):
                let (mx, my) = mapped(x, y)
                actions.append((event.t, .move(x: mx, y: my)))
            case .buttonDown(let b), .buttonUp(let b):
                guard (1...9).contains(b.button) else {
                    skipped.append(Skip(t: event.t, what: "\(event.typeName) \(b.button)", reason: ControlError.invalidButton(b.button).description))
                    continue
                }
                let (mx, my) = mapped(b.x, b.y)
                if case .buttonDown = event.kind {
                    actions.append((event.t, .buttonDown(button: b.button, x: mx, y: my)))
                } else {
                    actions.append((event.t, .buttonUp(button: b.button, x: mx, y: my)))
                }
            case .keyDown(let k), .keyUp(let k):
                if let problem = KeysymName.problem(k.keysym) {
                    skipped.append(Skip(t: event.t, what: "\(event.typeName) \(k.keysym)", reason: problem.description))
                    continue
                }
                if case .keyDown = event.kind {
                    actions.append((event.t, .keyDown(keysym: k.keysym, keycode: k.keycode)))
                } else {
                    actions.append((event.t, .keyUp(keysym: k.keysym, keycode: k.keycode)))
                }
            case .window:
                continue
            }
        }
        guard let first = actions.first else {
            let range = options.from != nil || options.to != nil ? " between --from and --to" : ""
            throw .nothingToReplay(episode: episode.directory,
                                   reason: "no input events\(range) (\(episode.events.count) events in the episode, \(skipped.count) that cannot be sent)")
        }
        start = options.from ?? first.t
        speed = options.speed
        let startTime = start
        steps = actions.map { Step(at: max(0, ($0.t - startTime) / options.speed), t: $0.t, action: $0.action) }
        end = options.to.map { min($0, episode.durationMs) } ?? actions.last!.t
        self.skipped = skipped
        startPointer = options.from == nil ? nil : pointerBefore
    }
}

/// How to replay: speed, range, scaling.
public struct ReplayOptions: Sendable {
    /// 2 replays twice as fast; 0.5 at half speed.
    public var speed: Double = 1
    /// Episode time (ms) to start at; events before it are not sent.
    public var from: Double?
    /// Episode time (ms) to stop at; events after it are not sent.
    public var to: Double?
    /// Map coordinates proportionally when the display's screen size differs from the episode's.
    public var scale = false
    /// The target display's name, for messages.
    public var displayLabel = "(default)"

    public init(speed: Double = 1, from: Double? = nil, to: Double? = nil, scale: Bool = false, displayLabel: String = "(default)") {
        self.speed = speed
        self.from = from
        self.to = to
        self.scale = scale
        self.displayLabel = displayLabel
    }
}
