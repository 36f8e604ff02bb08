import Agent
import Capture
import Control
import Foundation
import Gym
import NN
import Primitives

/// `mimic bench decision`: a model plays a built-in task on its own Xvfb through the live agent's loop
/// (as `mimic run` and `mimic eval`, not recorded), and every decision is timed: grab, decide, act.
public enum DecisionBenchmark {
    public struct Options: Sendable {
        /// Episodes to play; each ends with the task's outcome or its time limit.
        public var episodes = 20
        /// Decisions per episode at most.
        public var maxSteps = 20
        /// Pause after each action, in milliseconds.
        public var settleMilliseconds = AgentLoop.Options().settleMilliseconds
        /// Wake the model's threads this long before each decision.
        public var warmUpMilliseconds = AgentLoop.Options().warmUpMilliseconds
        public init() {}
    }

    public enum Progress: Sendable {
        /// An episode has ended: decisions so far and their median total, in ms.
        case episode(done: Int, of: Int, decisions: Int, medianMilliseconds: Double)
        /// The last episode has ended.
        case played
    }

    public struct Figures: Sendable, Equatable {
        public var episodes: Int
        /// Every decision's phases, in milliseconds.
        public var timings: [DecisionTiming]
        /// CPU time of this process per second of wall time while playing.
        public var cpuShare: Double
        /// The policy's decide timed back to back on one frame, in milliseconds.
        public var backToBack: [Double]
        public init(episodes: Int, timings: [DecisionTiming], cpuShare: Double, backToBack: [Double]) {
            self.episodes = episodes; self.timings = timings; self.cpuShare = cpuShare; self.backToBack = backToBack
        }
    }

    public static func headerLine(model: String?, policy: ModelPolicy, task: String, options: Options) -> String {
        "model: \(model ?? "untrained") with \(policy.tokensPerDecision) tokens per decision, \(NNRuntime.threadCount) threads; task \(task), settle \(options.settleMilliseconds) ms, warm-up \(options.warmUpMilliseconds) ms"
    }

    /// Plays `options.episodes` seeds of the task on a private display; the X clients close before it stops.
    public static func run(_ taskType: any GymTask.Type, policy: ModelPolicy, options: Options, shouldStop: () -> Bool,
                           progress: (Progress) -> Void) throws -> Figures {
        let display = try PrivateDisplay(width: TaskCanvas.defaultSize.width, height: TaskCanvas.defaultSize.height)
        defer { display.stop() }
        let figures = try play(taskType, policy: policy, on: display.name, options: options, shouldStop: shouldStop, progress: progress)
        guard !figures.timings.isEmpty else { throw BenchmarkError.nothingMeasured(what: "decision") }
        return figures
    }

    private static func play(_ taskType: any GymTask.Type, policy: ModelPolicy, on display: String, options: Options,
                             shouldStop: () -> Bool, progress: (Progress) -> Void) throws -> Figures {
        let screen = try ScreenShot(display: display)
        let injector = try InputInjector(display: display)
        defer { injector.close() }
        let executor = ActionExecutor(injector)
        var timings: [DecisionTiming] = []
        let cpuBefore = CPUTime.process(), wallBefore = DispatchTime.now().uptimeNanoseconds
        for episode in 0..<options.episodes where !shouldStop() {
            let session = try TaskSession(taskType, seed: SeedRange.evaluationSeed(index: episode), display: display)
            defer { session.stop() }
            var loopOptions = AgentLoop.Options()
            loopOptions.maxSteps = options.maxSteps
            loopOptions.timeLimit = session.timeLimit
            loopOptions.settleMilliseconds = options.settleMilliseconds
            loopOptions.warmUpMilliseconds = options.warmUpMilliseconds
            let loop = AgentLoop(screen: screen, executor: executor, policy: policy, options: loopOptions)
            let result = try loop.run(isDone: { session.settle(); return session.outcome != nil }, shouldStop: shouldStop)
            timings += result.timings
            progress(.episode(done: episode + 1, of: options.episodes, decisions: timings.count,
                              medianMilliseconds: Statistics.median(timings.map(\.total))))
        }
        progress(.played)
        let cpuShare = (CPUTime.process() - cpuBefore) / CPUTime.secondsSince(wallBefore)
        let frame = try screen.grab()
        var backToBack: [Double] = []
        for _ in 0..<50 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try policy.decide(screen: frame, history: [])
            backToBack.append(CPUTime.secondsSince(start) * 1e3)
        }
        return Figures(episodes: options.episodes, timings: timings, cpuShare: cpuShare, backToBack: backToBack)
    }

    public static func progressText(done: Int, of total: Int, decisions: Int, medianMilliseconds: Double) -> String {
        String(format: "episode %d/%d: %d decisions so far, median %.1f ms", done, total, decisions, medianMilliseconds)
    }

    /// The table of phases and the figures against the target (starting with an empty line).
    public static func lines(_ f: Figures) -> [String] {
        let count = f.timings.count
        var lines = ["", "\(count) decision\(count == 1 ? "" : "s") over \(f.episodes) episode\(f.episodes == 1 ? "" : "s"), milliseconds:",
                     "  phase        median     p90     max"]
        let phases: [(String, [Double])] = [("grab", f.timings.map(\.grab)), ("decide", f.timings.map(\.decide)),
                                            ("act", f.timings.map(\.act)), ("decision", f.timings.map(\.total))]
        for (name, values) in phases {
            lines.append(String(format: "  %@ %7.2f %7.2f %7.2f", name.padding(toLength: 10, withPad: " ", startingAt: 0),
                                Statistics.median(values), Statistics.percentile(values, 0.9), values.max() ?? 0))
        }
        let median = Statistics.median(f.timings.map(\.total))
        lines += [
            "",
            String(format: "one decision (grab -> predict -> inject): median %.2f ms (target <= 15 ms): %@", median, median <= 15 ? "met" : "not met"),
            String(format: "CPU time of this process while playing: %.0f%% of one core (the agent's threads, spinning included, and the task's window)", 100 * f.cpuShare),
            String(format: "the same decide, %d times back to back on one frame: median %.2f ms", f.backToBack.count, Statistics.median(f.backToBack)),
            "  (in the loop each decision follows the settle pause, with the model's threads woken --warm-up ms before its end; docs/eval.md says why)",
        ]
        return lines
    }
}
