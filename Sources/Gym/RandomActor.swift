import Primitives

/// The random baseline: acts on a task without looking at it — clicks, right clicks, drags and
/// scrolls at random places in the window, and random letters, digits, Return and BackSpace —
/// with the same hand (paths, pauses) as the expert. What a trained agent must beat by far.
public final class RandomActor: @unchecked Sendable {
    private let hand: Hand

    /// Connects to `display` ($DISPLAY when nil) for XTest input.
    public init(display: String?, pace: ExpertPace = .standard) throws(GymError) {
        hand = try Hand(display: display, pace: pace)
    }

    deinit { hand.close() }

    static let keys = PressKey.characters.map(String.init) + ["Return", "BackSpace"]

    /// A random step inside a window of `size`.
    public static func step(in size: Size, using random: inout SeededRandom) -> ExpertStep {
        let window = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let roll = random.uniform()
        switch roll {
        case ..<0.4: return .click(random.point(in: window))
        case ..<0.5: return .click(random.point(in: window), button: 3)
        case ..<0.6: return .drag(from: random.point(in: window), to: random.point(in: window))
        case ..<0.7: return .scroll(random.point(in: window), down: random.uniform() < 0.5, notches: random.int(in: 1...3))
        default: return .key(random.element(of: keys))
        }
    }

    /// Acts until the session's run ends (or `shouldStop` says so) and returns the outcome.
    @discardableResult
    public func play(_ session: TaskSession, shouldStop: () -> Bool = { false }) throws(GymError) -> Outcome {
        var random = SeededRandom(task: session.taskName, seed: session.seed, stream: 2)
        defer { hand.releaseAll() }
        while session.outcome == nil {
            if shouldStop() { return session.stop() }
            hand.pause(hand.pace.reaction, &random)
            if session.outcome != nil { break }
            let step = RandomActor.step(in: session.frame.size, using: &random)
            try hand.perform(step, origin: Point(session.frame.x, session.frame.y), random: &random)
            session.settle()
        }
        return session.waitForOutcome()!
    }

    /// Lets go of everything and closes the X connection; call it before the display goes away.
    /// Safe to call more than once.
    public func close() { hand.close() }
}
