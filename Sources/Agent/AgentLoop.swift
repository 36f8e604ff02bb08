import Capture
import Control
import Dataset
import Episode
import Foundation
import Primitives
import Imaging

/// The closed loop: grab the screen, decide, act, let the screen settle, repeat — until the
/// caller says the episode is over, the step budget is spent, or the time runs out.
public final class AgentLoop {
    public struct Options: Sendable {
        public var maxSteps = 50
        /// Seconds before giving up.
        public var timeLimit: Double = 30
        /// Pause after an action so the application can redraw before the next grab.
        public var settleMilliseconds: Double = 60
        /// Pause when the policy says wait.
        public var waitMilliseconds: Double = 200
        /// How long before the end of each pause the policy is told to get ready (a model then keeps its
        /// threads spinning, not asleep, until it has decided); 0 for never. The spinning costs a core from
        /// then until the decision is made, so where several loops share the cores (`mimic eval`'s lanes)
        /// it is off.
        public var warmUpMilliseconds: Double = 3
        public init() {}
    }

    /// What one run of the loop did.
    public struct Result: Sendable {
        public var actions: [Action]
        public var decisions: Int
        public var seconds: Double
        /// Each decision's time, phase by phase, in order.
        public var timings: [DecisionTiming]
        /// Median time of grab → decide → act, excluding the settle pause.
        public var medianDecisionMilliseconds: Double { Statistics.median(timings.map(\.total)) }
        public var stopReason: StopReason
        public var tokens: Int
    }

    public enum StopReason: String, Sendable {
        case done, steps, time, stopped
    }

    private let screen: ScreenShot
    private let executor: ActionExecutor
    private let policy: AgentPolicy
    /// The episode recording this run: each decision that carries a pointer distribution (a
    /// model's) adds a line to its predictions.jsonl.
    private let predictions: EpisodeWriter?
    public let options: Options

    public init(screen: ScreenShot, executor: ActionExecutor, policy: AgentPolicy, options: Options = Options(),
                predictions: EpisodeWriter? = nil) {
        self.screen = screen
        self.executor = executor
        self.policy = policy
        self.options = options
        self.predictions = predictions
    }

    /// Runs until `isDone()` (checked before each decision), the budget, or `shouldStop()`.
    /// `onDecision` sees every decision as it is made (for a live status line).
    public func run(isDone: () -> Bool, shouldStop: () -> Bool = { false },
                    onDecision: (Int, AgentDecision, Double) -> Void = { _, _, _ in }) throws -> Result {
        let clock = MonotonicClock()
        var actions: [Action] = []
        var timings: [DecisionTiming] = []
        var reason = StopReason.steps
        defer { executor.releaseAll() }
        while actions.count < options.maxSteps {
            if isDone() { reason = .done; break }
            if shouldStop() { reason = .stopped; break }
            if clock.now() >= options.timeLimit * 1000 { reason = .time; break }
            let grabbedAt = MonotonicClock.nowNanoseconds()
            let started = clock.milliseconds(atNanoseconds: grabbedAt)
            let frame = try screen.grab()
            let grabbed = clock.now()
            var decision = try policy.decide(screen: frame, history: actions)
            decision.action.t = clock.now()
            try executor.perform(decision.action)
            timings.append(DecisionTiming(grab: grabbed - started, decide: decision.action.t - grabbed, act: clock.now() - decision.action.t))
            actions.append(decision.action)
            if let predictions, let pointer = decision.pointer, let t = predictions.episodeTime(atNanoseconds: grabbedAt) {
                try predictions.appendPrediction(pointer.prediction(t: t))
            }
            onDecision(actions.count, decision, timings.last!.total)
            let pause = decision.action.type == .wait ? options.waitMilliseconds : options.settleMilliseconds
            let warm = min(pause, options.warmUpMilliseconds)
            usleep(UInt32((pause - warm) * 1000))
            if warm > 0 { policy.prepare(withinMilliseconds: warm) }
            usleep(UInt32(warm * 1000))
        }
        if reason == .steps && isDone() { reason = .done }
        return Result(actions: actions, decisions: actions.count, seconds: clock.now() / 1000, timings: timings,
                      stopReason: reason, tokens: actions.count * policy.tokensPerDecision)
    }
}
