import ArgumentParser
import Capture
import Control
import Foundation
import Primitives
import Gym
import NN
import Agent
import Policy

struct BenchDecision: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Time the live agent's decisions on a built-in task: grab, decide, act.",
        discussion: """
            Starts its own Xvfb, shows a built-in task and lets a model play it through the same \
            loop as `mimic run` and `mimic eval` (not recorded), episode after episode, and prints \
            where each decision's time goes: grabbing the screen (shared memory, cursor drawn in), \
            the decision (preparing the frame as the dataset did, encoding the history, the model's \
            forward pass and decoding), and acting through XTest (pointer moves, the press, the \
            sync with the server). The pause after an action, which lets the task redraw, is not \
            part of a decision.

            The model is --model's file, or else an untrained model of the config the flags give \
            (the default model without flags): a decision's time does not depend on the weights.

            Target (docs/eval.md): one decision (grab -> predict -> inject) <= 15 ms with the \
            default model.

            Examples:
              swift build -c release && .build/release/mimic bench decision
              .build/release/mimic bench decision --preset demo --episodes 40
              .build/release/mimic bench decision --model runs/demo/best.safetensors --task click-color
            """
    )

    @Option(help: "Weights file (.safetensors); without it, an untrained model of the config below.")
    var model: String?

    @Option(help: "The built-in task to play.")
    var task = ClickTarget.name

    @Option(help: "Episodes to play; each ends with the task's outcome or its time limit.")
    var episodes = 20

    @Option(help: "Decisions per episode at most.")
    var maxSteps = 20

    @Option(help: "Pause after each action, in milliseconds (the loop's default: the task redraws meanwhile).")
    var settle = AgentLoop.Options().settleMilliseconds

    @OptionGroup var warmUp: WarmUpOption

    @OptionGroup var threads: ThreadOptions

    @OptionGroup(title: "Model config (without --model)")
    var config: ModelConfigOptions

    func validate() throws {
        if episodes < 1 || maxSteps < 1 { throw ValidationError("--episodes and --max-steps must be at least 1") }
        if settle < 0 { throw ValidationError("--settle must be 0 or more milliseconds, not \(settle)") }
    }

    func run() throws {
        threads.apply()
        let taskType: any GymTask.Type
        do throws(GymError) { taskType = try TaskCatalog.task(named: task) } catch { throw CommandFailure(error.description) }
        let policy: ModelPolicy
        if let model {
            do { policy = try TrainedModel.load(model) } catch { throw CommandFailure("\(error)") }
        } else {
            let (modelConfig, vocabulary) = try config.resolve()
            policy = ModelPolicy(model: try PolicyModel(config: modelConfig, vocabulary: vocabulary, seed: 0))
        }
        let loadBefore = BenchFigures.loadAverage()
        print("model: \(model ?? "untrained") with \(policy.tokensPerDecision) tokens per decision, \(NNRuntime.threadCount) threads; task \(taskType.name), settle \(settle) ms, warm-up \(warmUp.milliseconds) ms")

        let display: PrivateDisplay
        do throws(PrivateDisplayError) {
            display = try PrivateDisplay(width: TaskCanvas.defaultSize.width, height: TaskCanvas.defaultSize.height)
        } catch { throw CommandFailure(error.description) }
        defer { display.stop() }
        let (timings, cpuShare, backToBack) = try play(taskType, policy: policy, on: display.name)
        let loadAfter = BenchFigures.loadAverage()
        guard !timings.isEmpty else { throw CommandFailure("no decision was made (stopped before the first one)") }

        print("\n\(timings.count) decision\(timings.count == 1 ? "" : "s") over \(episodes) episode\(episodes == 1 ? "" : "s"), milliseconds:")
        print("  phase        median     p90     max")
        let phases: [(String, [Double])] = [("grab", timings.map(\.grab)), ("decide", timings.map(\.decide)),
                                            ("act", timings.map(\.act)), ("decision", timings.map(\.total))]
        for (name, values) in phases {
            print(String(format: "  %@ %7.2f %7.2f %7.2f", name.padding(toLength: 10, withPad: " ", startingAt: 0),
                         Statistics.median(values), Statistics.percentile(values, 0.9), values.max() ?? 0))
        }
        let median = Statistics.median(timings.map(\.total))
        print(String(format: "\none decision (grab -> predict -> inject): median %.2f ms (target <= 15 ms): %@",
                     median, median <= 15 ? "met" : "not met"))
        print(String(format: "CPU time of this process while playing: %.0f%% of one core (the agent's threads, spinning included, and the task's window)", 100 * cpuShare))
        print(String(format: "the same decide, %d times back to back on one frame: median %.2f ms", backToBack.count, Statistics.median(backToBack)))
        print("  (in the loop each decision follows the settle pause, with the model's threads woken --warm-up ms before its end; docs/eval.md says why)")
        if let note = BenchFigures.busyNote(before: loadBefore, after: loadAfter) { print(note) }
    }

    /// Plays `episodes` seeds of the task and returns every decision's timing and the process's CPU time
    /// per second while playing, then the policy's decide timed back to back on one grab. The X clients
    /// close before the display stops.
    private func play(_ taskType: any GymTask.Type, policy: ModelPolicy, on display: String) throws -> ([DecisionTiming], Double, [Double]) {
        let screen: ScreenShot
        let injector: InputInjector
        do throws(CaptureError) { screen = try ScreenShot(display: display) } catch { throw CommandFailure(error.description) }
        do throws(ControlError) { injector = try InputInjector(display: display) } catch { throw CommandFailure(error.description) }
        defer { injector.close() }
        let executor = ActionExecutor(injector)
        let stop = StopSignals()
        defer { stop.restore() }
        let progress = ProgressLine()
        var timings: [DecisionTiming] = []
        let cpuBefore = GEMMBenchmark.processCPUTime(), wallBefore = DispatchTime.now().uptimeNanoseconds
        for episode in 0..<episodes where !stop.received {
            let seed = SeedRange.evaluationSeed(index: episode)
            let session: TaskSession
            do throws(GymError) { session = try TaskSession(taskType, seed: seed, display: display) } catch {
                throw CommandFailure(error.description)
            }
            defer { session.stop() }
            var options = AgentLoop.Options()
            options.maxSteps = maxSteps
            options.timeLimit = session.timeLimit
            options.settleMilliseconds = settle
            options.warmUpMilliseconds = warmUp.milliseconds
            let loop = AgentLoop(screen: screen, executor: executor, policy: policy, options: options)
            let result = try loop.run(isDone: { session.settle(); return session.outcome != nil }, shouldStop: { stop.received })
            timings += result.timings
            progress.update(String(format: "episode %d/%d: %d decisions so far, median %.1f ms", episode + 1, episodes,
                                   timings.count, Statistics.median(timings.map(\.total))))
        }
        progress.finish(nil)
        let cpuShare = (GEMMBenchmark.processCPUTime() - cpuBefore) / (Double(DispatchTime.now().uptimeNanoseconds - wallBefore) / 1e9)
        let frame = try screen.grab()
        var backToBack: [Double] = []
        for _ in 0..<50 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try policy.decide(screen: frame, history: [])
            backToBack.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return (timings, cpuShare, backToBack)
    }
}
