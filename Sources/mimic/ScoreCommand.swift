import ArgumentParser
import Dataset
import Evaluation
import Foundation

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Offline figures: a model on a dataset split, or an agent's episode against a reference episode.",
        discussion: """
            With --model: runs the model over a split of a dataset, as `mimic train` validates,
            and prints type accuracy, whole-action accuracy, pointer-in-patch accuracy, the median
            pointer error in screen pixels, key and modifier accuracy, overall and per action type.
            On a run's last weights and its dataset's val split they equal its last validation.

            With --reference: segments both episodes into actions (as for a dataset), aligns the
            meaningful ones (no waits, no moves) in order, and prints the step ratio (agent actions
            per reference action), the matched actions (same type; same key) and the pointer error
            of the matched pointer actions in pixels. Details: docs/eval.md.

            Examples:
              mimic score --model models/demo/best.safetensors data/gym
              mimic score --model models/demo/best.safetensors data/gym --split train --json
              mimic score evals/first/episodes/2026-11-29T18-00-00Z-a1b2 --reference recordings/2026-11-29T12-00-00Z-c3d4
            """
    )

    @Argument(help: ArgumentHelp("A dataset folder (with --model), or an agent's episode folder (with --reference).", valueName: "folder"))
    var folder: String

    @Option(help: ArgumentHelp("Weights file (.safetensors) to score on the dataset.", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("The episode to compare the agent's episode with.", valueName: "episode"))
    var reference: String?

    @Option(help: "Dataset split: val or train.")
    var split = "val"

    @Option(help: "Batch size (use the run's --batch for figures identical to its validation).")
    var batch = 32

    @Option(help: "Score this many samples spread over the split (0: all).")
    var limit = 0

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @OptionGroup var threads: ThreadOptions

    func validate() throws {
        guard (model == nil) != (reference == nil) else {
            throw ValidationError("give either --model (to score a model on a dataset) or --reference (to compare two episodes)")
        }
        guard Split(rawValue: split) != nil else { throw ValidationError("--split must be val or train, not \"\(split)\"") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
    }

    func run() throws {
        threads.apply()
        if let model {
            let stop = StopSignals()
            defer { stop.restore() }
            let scored = try libraryCall { () throws(EvaluationError) in
                try DatasetScoreReport.measure(model: model, dataset: folder, split: Split(rawValue: split)!, batchSize: batch,
                                               limit: limit, shouldStop: { stop.received })
            }
            guard let scored else { throw CommandFailure("stopped before every sample was scored") }
            json ? Score.printJSON(scored) : print(scored.lines().joined(separator: "\n"))
        } else if let reference {
            let report = try libraryCall { () throws(EvaluationError) in try EpisodeScoreReport.measure(agent: folder, reference: reference) }
            json ? Score.printJSON(report) : print(report.lines().joined(separator: "\n"))
        }
    }

    static func printJSON(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
    }
}
