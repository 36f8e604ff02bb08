import ArgumentParser
import Capture
import Evaluation
import Foundation
import Report
import Gym

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a model on the built-in tasks, next to a random agent and the scripted expert.",
        discussion: """
            Starts --lanes private 480x480 X displays (Xvfb) unless --display is given, and runs
            episodes on them side by side (each with its own copy of the model). For every task
            and episode i it shows the task laid out for evaluation seed i (2^32 + --seed + i;
            demonstrations never use these), lets the model act through the live loop of
            `mimic run` (grab → predict → act) until the task succeeds, fails or times out, and
            records that run under <out>/episodes/. On the first --baseline-episodes seeds the
            random agent (the same loop, random actions) and the expert run too.

            Prints per task: success rate with its 95% Wilson interval, mean steps and seconds to
            success, decisions per second, and for the model tokens per finished task and value ÷
            tokens (--value-per-task prices a finished task). Writes <out>/eval.json and
            <out>/eval.html, which links every failed run's episode. Ctrl-C stops after the
            episode in progress and keeps what was measured. Details: docs/eval.md.

            Examples:
              mimic eval --model models/demo/best.safetensors
              mimic eval --model models/demo/best.safetensors --tasks click-target,press-key --episodes 20
              mimic eval --model m.safetensors --episodes 100 --baseline-episodes 20 --value-per-task 0.05
              mimic eval --model m.safetensors --display :99 --out evals/first --no-record
            """
    )

    @Option(help: ArgumentHelp("Weights file (.safetensors) from mimic train or mimic model init.", valueName: "file"))
    var model: String

    @Option(help: "A task, a comma-separated list of tasks, or all (see `mimic gym list`).")
    var tasks = "all"

    @Option(help: "Model episodes per task.")
    var episodes = 50

    @Option(help: "Random-agent and expert episodes per task (default: as many as --episodes).")
    var baselineEpisodes: Int?

    @Option(help: "Offset into the evaluation seeds: episode i uses 2^32 + seed + i.")
    var seed: UInt64 = 0

    @Option(help: "What one finished task is worth, for value ÷ tokens.")
    var valuePerTask = 1.0

    @Option(help: ArgumentHelp("Folder for eval.json, eval.html and episodes/ (default: evals/<UTC time>).", valueName: "folder"))
    var out: String?

    @Option(help: "X display to use (default: private 480x480 Xvfb displays started for this run).")
    var display: String?

    @Option(help: "Private displays running episodes side by side (runs are mostly waiting, so a few finish sooner). Not with --display.")
    var lanes = 3

    @Option(help: ArgumentHelp("Seconds a model or random run may take (default: each task's own limit; the expert always has it).",
                               valueName: "seconds"))
    var timeLimit: Double?

    @Option(help: "Screen grabs per second of the recorded runs.")
    var fps: Double = 10

    @Flag(help: "Do not record the model's runs (nothing to open for failures, less load while acting).")
    var noRecord = false

    @OptionGroup var threads: ThreadOptions

    func options() -> EvaluationOptions {
        var o = EvaluationOptions(tasks: tasks.split(separator: ",").map(String.init), episodes: episodes, seed: seed,
                                  valuePerTask: valuePerTask, baselineEpisodes: baselineEpisodes,
                                  out: out ?? "evals/" + Eval.timestamp(), recordEpisodes: !noRecord)
        o.timeLimit = timeLimit
        o.fps = fps
        o.recorderName = "mimic \(Mimic.version)"
        return o
    }

    func validate() throws {
        guard (1...8).contains(lanes) else { throw ValidationError("--lanes must be 1...8, got \(lanes)") }
        do throws(EvaluationError) {
            try options().validate()
            _ = try options().resolvedTasks()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        signal(SIGXFSZ, SIG_IGN)
        threads.apply()
        let options = options()
        // Evaluation.run has closed every X client when it returns, so the displays may stop then.
        let lanes = display == nil ? try libraryCall { () throws(PrivateDisplayError) in try DisplayLanes(count: self.lanes) } : nil
        defer { lanes?.close() }
        let displays = display.map { [$0] } ?? lanes!.names

        let stop = StopSignals()
        defer { stop.restore() }
        let progress = ProgressLine()
        var tally = EvalTally()
        let report: EvaluationReport
        do {
            report = try libraryCall {
                try Evaluation.run(model: model, displays: displays, options: options, shouldStop: { stop.received }) { p in
                    progress.update(done: p.done, total: p.total, unit: "episodes", prefix: "eval: " + tally.add(p) + "  ")
                }
            }
        } catch {
            progress.finish(nil)
            throw error
        }
        progress.finish("eval: \(report.episodes.count) episodes in \(options.out)")
        print(report.table())
        print("wrote \(options.out)/\(EvaluationReport.fileName) and \(options.out)/\(EvaluationReport.pageName)"
              + (report.failedModelEpisodes.isEmpty ? "" : " (\(report.failedModelEpisodes.count) failed model runs linked)"))
        if report.stopped {
            throw CommandFailure("stopped after \(report.episodes.count) episodes; \(options.out)/\(EvaluationReport.fileName) holds what was measured")
        }
    }

    static func timestamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        return f.string(from: Date())
    }
}

/// Successes so far per agent, for the evaluation's progress line.
struct EvalTally {
    private var successes: [AgentKind: (won: Int, ran: Int)] = [:]

    /// Counts a finished episode; returns "<task> seed <seed> <agent>  [model 3/4, random 0/1, ...]".
    mutating func add(_ p: EvaluationProgress) -> String {
        if let e = p.finished, e.counts {
            let (won, ran) = successes[e.agent] ?? (0, 0)
            successes[e.agent] = (won + (e.succeeded ? 1 : 0), ran + 1)
        }
        let tally = AgentKind.allCases.compactMap { a in successes[a].map { "\(a.rawValue) \($0.won)/\($0.ran)" } }.joined(separator: ", ")
        return "\(p.task) seed \(p.seed) \(p.agent.rawValue)  [\(tally)]"
    }
}
