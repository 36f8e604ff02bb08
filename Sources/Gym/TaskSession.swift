import Primitives
import Foundation
import Imaging

/// A task running on an X display: its window shows the task, the input the window receives
/// drives it, and the run ends with an `Outcome` — success, failure (a wrong choice, or
/// `maxMisses` clicks on nothing), timeout, or stopped.
///
/// The window runs in this process, on a thread of its own with an X connection of its own, so
/// whoever acts — the scripted expert, a trained agent, a random baseline, a person with a mouse,
/// xdotool — acts through the X server like any client's user would, and the success check reads
/// the task's own state. Stopping the session (or dropping it) closes the window.
///
///     let session = try TaskSession(ClickColor.self, seed: SeedRange.evaluationSeed(index: 0), display: ":5")
///     print(session.instruction)              // "Click this colour"
///     while session.outcome == nil { ... grab the screen, decide, inject ... }
///     let outcome = session.stop()            // .success, .failure, .timeout (or .stopped)
public final class TaskSession: Sendable {
    public struct Options: Sendable {
        /// The window's size; it sits at the screen's top-left corner.
        public var size = TaskCanvas.defaultSize
        /// Seconds before the run ends as a timeout; nil: the task's own limit.
        public var timeLimit: Double?
        /// Clicks that hit nothing (`Reaction.miss`) allowed before the run fails; this many fail it.
        public var maxMisses = 3
        public init() {}
    }

    public let taskName: String
    public let seed: UInt64
    public let instruction: String
    /// Seconds the run may take, counted from the moment the task is on screen.
    public let timeLimit: Double
    public let maxMisses: Int
    /// Where the window is on the screen; task coordinates are relative to its corner.
    public let frame: Rect
    public let display: String

    private let runner: Runner

    /// Shows `task` laid out for `seed` on `display` ($DISPLAY when nil) and starts its clock.
    /// Returns once the first picture is on screen.
    public init(_ task: any GymTask.Type, seed: UInt64, display: String?, options: Options = Options()) throws(GymError) {
        guard options.size.width >= TaskCanvas.minimumSize.width, options.size.height >= TaskCanvas.minimumSize.height else {
            throw .windowTooSmall(size: options.size, minimum: TaskCanvas.minimumSize)
        }
        let state = task.init(seed: seed, size: options.size)
        let window = try TaskWindow(display: display, size: options.size, title: "mimic gym: \(task.name) (seed \(seed))")
        taskName = task.name
        self.seed = seed
        instruction = state.instruction
        timeLimit = options.timeLimit ?? task.timeLimit
        maxMisses = max(1, options.maxMisses)
        frame = window.frame
        self.display = window.displayName
        runner = Runner(window: window, task: state, timeLimit: timeLimit, maxMisses: maxMisses)
        runner.start()
    }

    deinit { runner.stop() }

    /// How the run ended; nil while it runs.
    public var outcome: Outcome? { runner.withState { $0.outcome } }

    /// A copy of the task's state now (for the expert's next step, or to look at it in a test).
    public var current: any GymTask { runner.withState { $0.task } }

    /// Clicks on nothing so far.
    public var misses: Int { runner.withState { $0.misses } }

    /// Seconds since the task was first on screen.
    public var elapsed: Double { runner.elapsed }

    /// The picture the window shows now.
    public var picture: RGBImage { runner.withState { $0.picture } }

    /// Returns once the task has taken in every input event the X server generated before this
    /// call (and drawn the result). Whoever injected input should have it processed by the server
    /// first (`InputInjector.sync()`).
    public func settle() { runner.settle() }

    /// Waits until the run ends, or at most `seconds` (nil: until it ends; it does at its time
    /// limit). Returns the outcome, or nil if the wait ran out first.
    @discardableResult
    public func waitForOutcome(seconds: Double? = nil) -> Outcome? { runner.waitForOutcome(seconds: seconds) }

    /// Ends the run (as `.stopped` if it had not ended) and closes the window. Returns the outcome.
    @discardableResult
    public func stop() -> Outcome { runner.stop() }
}
