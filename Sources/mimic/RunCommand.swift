import ArgumentParser
import Capture
import Control
import Episode
import Foundation
import Agent

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let a trained model act on a live display, and record what it does as an episode.",
        discussion: """
            The loop: grab the screen, prepare it as the training frames were prepared, predict the
            next action, carry it out through XTest, wait a moment for the screen to settle, repeat.
            The run is recorded by the same recorder as `mimic record`, marked as an agent run with
            the model's file, so it can be inspected, viewed, scored and learned from; beside it,
            predictions.jsonl holds the model's pointer distribution at each decision, which
            `mimic view` draws as a heat map over the frames. Ctrl-C stops
            it and releases every key and button it pressed.

            Examples:
              mimic run --model models/demo/best.safetensors --display :99 --max-steps 20
              mimic run --model models/demo/best.safetensors --no-record     # act only
            """
    )

    @Option(help: "Weights file (.safetensors) from mimic train.") var model: String
    @Option(help: "X display to act on (default: $DISPLAY).") var display: String?
    @Option(help: "Stop after this many decisions.") var maxSteps = 50
    @Option(help: "Stop after this long: 30s, 2m.") var time: DurationArgument?
    @Option(help: "Folder for the recorded run.") var out = "recordings"
    @Option(help: "Frames per second of the recording.") var fps: Double = 10
    @OptionGroup var warmUp: WarmUpOption
    @Flag(help: "Do not record the run.") var noRecord = false

    func run() throws {
        let policy = try libraryCall { try TrainedModel.load(model) }
        let session = try libraryCall { () throws(AgentError) in
            try AgentSession.start(display: display, record: noRecord ? nil : out, fps: fps, model: model, instruction: nil,
                                   recorderName: "mimic \(Mimic.version)")
        }
        let stop = StopSignals()
        var options = AgentLoop.Options()
        options.maxSteps = maxSteps
        options.timeLimit = time?.seconds ?? .infinity
        options.warmUpMilliseconds = warmUp.milliseconds
        let progress = ProgressLine()
        let result = try libraryCall {
            try session.run(policy: policy, options: options, shouldStop: { stop.received }) { step, decision, ms in
                progress.update(String(format: "step %d/%d  %@  p=%.2f  %.1f ms", step, maxSteps, decision.action.summary,
                                       decision.probability, ms))
            }
        }
        progress.finish(nil)
        let episode = session.finish(outcome: result.stopReason.rawValue)
        stop.restore()
        print(String(format: "%d decisions in %.1f s, median decision %.1f ms (grab → predict → act), %d model tokens",
                     result.decisions, result.seconds, result.medianDecisionMilliseconds, result.tokens))
        if let episode { print(episode) }
    }
}
