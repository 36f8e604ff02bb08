import ArgumentParser
import Capture
import Dataset
import Demo
import Evaluation
import Foundation
import Gym
import Report
import Synchronization
import Training

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The main job end to end: demonstrations, dataset, training and evaluation on private displays.",
        discussion: """
            Starts private 480x480 X displays (Xvfb), records the scripted expert solving every \
            built-in task with the recorder `mimic record` uses, builds a dataset from those \
            episodes, trains an agent on it within a fixed budget, runs the trained agent live on \
            task seeds never used for the demonstrations next to a random agent and the expert, and \
            prints a table of success rates with the paths to the reports. Each stage shows a live \
            progress line. Ctrl-C stops at the next safe point (episodes are finalized, training \
            writes a checkpoint) and stops every process the demo started.

            Everything goes into one folder (default models/demo-<time>): recordings/, data/, \
            run/ (the training run: report.html), eval/ (eval.html, eval.json and the agent's \
            episodes).

            Examples:
              mimic demo                                 # the main job (about 20 minutes on 2 cores)
              mimic demo --quick                         # the pipeline on a tiny budget (a few minutes)
              mimic demo --train-time 30m --demos 80     # a bigger budget
              mimic view models/demo-<time>/run          # the training curves
            """
    )

    @Flag(help: "A tiny budget: two tasks, a few demonstrations, a tiny model, one evaluation run each. Proves the pipeline, not the agent.")
    var quick = false

    @Option(name: .shortAndLong, help: "The folder for everything the demo writes (default: models/demo-<time>).")
    var out: String?

    @Option(help: "A task, a comma-separated list of tasks, or all. (default: all; with --quick: click-target,press-key)")
    var tasks: String?

    @Option(help: "Expert demonstrations per task. (default: \(DemoPlan.standard.demosPerTask))")
    var demos: Int?

    @Option(name: .customLong("train-time"), help: ArgumentHelp("Training time, e.g. 12m. (default: \(ProgressLine.duration(DemoPlan.standard.training.timeLimit ?? 0)))", valueName: "duration"))
    var trainTime: DurationArgument?

    @Option(name: .customLong("eval-episodes"), help: "Evaluation runs of the trained agent per task. (default: \(DemoPlan.standard.evalEpisodes))")
    var evalEpisodes: Int?

    @Option(help: "Private displays recording side by side; at most \(DemoPlan.standard.evalLanes) of them evaluate. (default: \(DemoPlan.standard.lanes))")
    var lanes: Int?

    @Option(help: "Seed of the demonstrations, the split and the training. (default: 0)")
    var seed: UInt64?

    func validate() throws {
        if let demos, demos < 2 { throw ValidationError("--demos must be at least 2 (one episode or more is held out for validation)") }
        if let evalEpisodes, evalEpisodes < 1 { throw ValidationError("--eval-episodes must be at least 1") }
        if let lanes, !(1...16).contains(lanes) { throw ValidationError("--lanes must be 1...16") }
        if let tasks { do throws(GymError) { _ = try TaskCatalog.tasks(matching: tasks) } catch { throw ValidationError(error.description) } }
    }

    /// The plan with the flags given applied over it.
    func plan() throws(DemoError) -> DemoPlan {
        try (quick ? DemoPlan.quick : DemoPlan.standard)
            .applying(tasks: tasks, demosPerTask: demos, trainTime: trainTime?.seconds, evalEpisodes: evalEpisodes, lanes: lanes, seed: seed)
    }

    func run() throws {
        signal(SIGXFSZ, SIG_IGN)
        let plan = try libraryCall { () throws(DemoError) in try self.plan() }
        let folder = DemoFolder(root: out ?? DemoFolder.defaultRoot())
        try libraryCall { () throws(DemoError) in try folder.create() }
        let stages = DemoStages(plan: plan, folder: folder, program: "mimic \(Mimic.version)")
        say("mimic demo: \(folder.root)")
        for line in plan.summary { say("  " + line) }

        let stop = StopSignals()
        defer { stop.restore() }
        let lanes = try libraryCall { () throws(PrivateDisplayError) in try DisplayLanes(count: plan.lanes) }
        defer { lanes.close() }
        let started = Date()

        // 1. Demonstrations.
        let episodes = try recordDemonstrations(stages, lanes: lanes, stop: stop)
        guard !stop.received else { throw stopped(folder, after: "recording demonstrations") }

        // 2. Dataset.
        let dataset = try buildDataset(stages)
        say(DatasetBuild.summary(dataset))

        // 3. Training.
        let run = try train(stages, stop: stop)
        guard !stop.received else { throw stopped(folder, after: "training (a checkpoint was written; mimic train --out \(folder.run) --resume continues it)") }

        // 4. Evaluation on fresh seeds, and the table.
        let report = try evaluate(stages, run: run, lanes: lanes, stop: stop)
        guard !report.stopped else { throw stopped(folder, after: "evaluating (\(folder.eval)/\(EvaluationReport.fileName) holds what was measured)") }
        say("")
        say(report.table())
        say("")
        say("demo finished in \(ProgressLine.duration(Date().timeIntervalSince(started))): \(episodes.count) demonstrations, "
            + "\(run.trainSamples) training samples, \(run.state.step) training steps (\(ProgressLine.duration(run.state.elapsed)))")
        say("  training curves:  \(folder.run)/\(RunLayout.report)")
        say("  evaluation:       \(folder.eval)/\(EvaluationReport.pageName)")
        say("  the agent live:   mimic run --model \(DemoStages.weights(run)) --display :N")
    }

    // MARK: - Progress of each stage

    private func recordDemonstrations(_ stages: DemoStages, lanes: DisplayLanes, stop: StopSignals) throws -> [TaskRecorder.Result] {
        let progress = ProgressLine()
        let results = try libraryCall { () throws(DemoError) in
            try stages.recordDemonstrations(on: lanes, shouldStop: { stop.received }) { done, total in
                progress.update(done: done, total: total, unit: "demonstrations", prefix: "1/4 recording  ")
            }
        }
        progress.finish(nil)
        let failed = results.filter { !$0.outcome.succeeded && $0.outcome.kind != .stopped }
        say("demonstrations: \(results.count) episodes in \(stages.folder.recordings)"
            + (failed.isEmpty ? "" : "; \(failed.count) did not succeed (kept; their outcome is in episode.json)"))
        return results
    }

    private func buildDataset(_ stages: DemoStages) throws -> BuildResult {
        let progress = ProgressLine()
        let warnings = Mutex(0)
        let result = try libraryCall { () throws(DemoError) in
            try stages.buildDataset(progress: { step in
                switch step {
                case .readingEpisodes(let done, let total): progress.update(done: done, total: total, unit: "episodes read", prefix: "2/4 dataset  ")
                case .writingSamples(let done, let total): progress.update(done: done, total: total, unit: "samples", prefix: "2/4 dataset  ")
                }
            }, warn: { message in
                let count = warnings.withLock { n in n += 1; return n }
                if count <= 5 { DatasetWarnings.print(message) }
            })
        }
        progress.finish(nil)
        return result
    }

    private func train(_ stages: DemoStages, stop: StopSignals) throws -> TrainingRun {
        let progress = ProgressLine()
        let run = try libraryCall { () throws(DemoError) in try stages.startTraining() }
        say(Train.header(run, resumed: false))
        let outcome = try libraryCall { () throws(DemoError) in
            try stages.train(run, shouldStop: { stop.received }) { event in
                switch event {
                case .step(let report):
                    progress.update("3/4 training  " + Train.progressText(report), force: report.step == report.totalSteps)
                case .validation(let record):
                    progress.update("", force: true)
                    say(Train.validationLine(record))
                case .checkpoint:
                    break
                }
            }
        }
        progress.update("", force: true)
        if case .finished(let step) = outcome { say(Train.summary(run, step: step)) }
        return run
    }

    private func evaluate(_ stages: DemoStages, run: TrainingRun, lanes: DisplayLanes, stop: StopSignals) throws -> EvaluationReport {
        let progress = ProgressLine()
        var tally = EvalTally()
        defer { progress.finish(nil) }
        return try libraryCall { () throws(DemoError) in
            try stages.evaluate(run, on: lanes, shouldStop: { stop.received }) { p in
                progress.update(done: p.done, total: p.total, unit: "episodes", prefix: "4/4 evaluating: " + tally.add(p) + "  ")
            }
        }
    }

    private func stopped(_ folder: DemoFolder, after stage: String) -> Error {
        say("stopped while \(stage); what was done so far is in \(folder.root)")
        return ExitCode(130)
    }
}

extension DemoPlan {
    /// One line per stage, printed before the demo starts.
    var summary: [String] {
        let more = tasks.filter { demos(for: $0) != demosPerTask }.map { "\($0) \(demos(for: $0))" }
        let budget = training.timeLimit.map { "at most " + ProgressLine.duration($0) } ?? "\(training.steps ?? 0) steps"
        return [
            "tasks: \(tasks.joined(separator: ", "))",
            "demonstrations: \(demosPerTask) per task\(more.isEmpty ? "" : " (" + more.joined(separator: ", ") + ")"), recorded on \(lanes) private 480x480 displays side by side",
            "dataset: \(imageSize) frames, history \(history), \(Int(valFraction * 100))% of episodes held out",
            "training: \(budget), batch \(training.batchSize), peak lr \(training.learningRate)",
            "evaluation: \(evalEpisodes) fresh seeds per task for the agent, \(baselineEpisodes) for the random agent and the expert, on \(evalLanes) of the displays",
        ]
    }
}
