import Primitives

/// The scripted expert: solves a running task through XTest, as a person at a mouse and keyboard
/// would. After each step it asks the task for the next one (`GymTask.expertStep`), so it follows
/// the task's state as it changes; between steps it pauses as a person reacting to the screen
/// does (shorter between keys typed in a row and between wheel notches). Its input goes through Control's `InputInjector` (see `Hand`), so a recorder sees
/// ordinary input. Use one expert from one thread at a time.
public final class Expert: @unchecked Sendable {
    public var pace: ExpertPace { hand.pace }
    private let hand: Hand

    /// Connects to `display` ($DISPLAY when nil) for XTest input.
    public init(display: String?, pace: ExpertPace = .standard) throws(GymError) {
        hand = try Hand(display: display, pace: pace)
    }

    deinit { hand.close() }

    /// Works on `session`'s task until its run ends (or `shouldStop` says so, which stops the
    /// session) and returns the outcome. Releases anything it pressed before returning. `onStep`
    /// sees each step once it is carried out (evaluation counts them).
    @discardableResult
    public func solve(_ session: TaskSession, shouldStop: () -> Bool = { false },
                      onStep: (ExpertStep) -> Void = { _ in }) throws(GymError) -> Outcome {
        var random = SeededRandom(task: session.taskName, seed: session.seed, stream: 1)
        defer { hand.releaseAll() }
        var previous: ExpertStep?
        while session.outcome == nil {
            if shouldStop() { return session.stop() }
            guard let step = session.current.expertStep(using: &random) else {
                // Nothing left to do: the run ends by itself, at the latest at its time limit.
                if let outcome = session.waitForOutcome(seconds: 0.05) { return outcome }
                continue
            }
            hand.pause(pause(before: step, after: previous), &random)
            if session.outcome != nil { break }
            if shouldStop() { return session.stop() }
            try hand.perform(step, origin: Point(session.frame.x, session.frame.y), random: &random)
            session.settle()
            onStep(step)
            previous = step
        }
        return session.waitForOutcome()!
    }

    /// Lets go of everything and closes the X connection; call it before the display goes away.
    /// Safe to call more than once.
    public func close() { hand.close() }

    /// Keys typed in a row and wheel notches in a row follow each other quickly; anything else
    /// waits a reaction time first.
    private func pause(before step: ExpertStep, after previous: ExpertStep?) -> ClosedRange<Double> {
        switch (step, previous) {
        case (.key, .key?): hand.pace.keyGap
        case (.scroll, .scroll?): hand.pace.notchGap
        default: hand.pace.reaction
        }
    }
}

