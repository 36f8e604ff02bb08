import ArgumentParser
import Agent
import Benchmarks
import Gym
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
        taskType = try libraryCall { () throws(GymError) in try TaskCatalog.task(named: task) }
        let policy: ModelPolicy
        if let model {
            policy = try libraryCall { try TrainedModel.load(model) }
        } else {
            let (modelConfig, vocabulary) = try config.resolve()
            policy = ModelPolicy(model: try PolicyModel(config: modelConfig, vocabulary: vocabulary, seed: 0))
        }
        var options = DecisionBenchmark.Options()
        options.episodes = episodes
        options.maxSteps = maxSteps
        options.settleMilliseconds = settle
        options.warmUpMilliseconds = warmUp.milliseconds
        let loadBefore = MachineLoad.average()
        print(DecisionBenchmark.headerLine(model: model, policy: policy, task: taskType.name, options: options))
        let stop = StopSignals()
        defer { stop.restore() }
        let progress = ProgressLine()
        let figures = try libraryCall {
            try DecisionBenchmark.run(taskType, policy: policy, options: options, shouldStop: { stop.received }) { event in
                switch event {
                case .episode(let done, let total, let decisions, let median):
                    progress.update(DecisionBenchmark.progressText(done: done, of: total, decisions: decisions, medianMilliseconds: median))
                case .played: progress.finish(nil)
                }
            }
        }
        let loadAfter = MachineLoad.average()
        DecisionBenchmark.lines(figures).forEach { print($0) }
        if let note = MachineLoad.busyNote(before: loadBefore, after: loadAfter) { print(note) }
    }
}
