import ArgumentParser
import Capture
import Dataset
import Evaluation
import Foundation
import Report
import Gym
import Synchronization
import Training

struct Demo: ParsableCommand {
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
    func plan() throws -> DemoPlan {
        var p = quick ? DemoPlan.quick : DemoPlan.standard
        if let tasks { p.tasks = try gymCall { () throws(GymError) in try TaskCatalog.tasks(matching: tasks) }.map { $0.name } }
        if let demos { p.demosPerTask = demos }
        if let trainTime { p.training.limitToTime(trainTime.seconds) }
        if let evalEpisodes { p.evalEpisodes = evalEpisodes }
        if let lanes { p.lanes = lanes; p.evalLanes = min(p.evalLanes, lanes) }
        if let seed { p.seed = seed; p.training.seed = seed }
        return p
    }

    func run() throws {
        signal(SIGXFSZ, SIG_IGN)
        let plan = try plan()
        let folder = DemoFolder(root: out ?? DemoFolder.defaultRoot())
        try folder.create()
        say("mimic demo: \(folder.root)")
        for line in plan.summary { say("  " + line) }

        let stop = StopSignals()
        defer { stop.restore() }
        let lanes: DisplayLanes
        do throws(PrivateDisplayError) { lanes = try DisplayLanes(count: plan.lanes) } catch { throw CommandFailure(error.description) }
        defer { lanes.close() }
        let started = Date()

        // 1. Demonstrations.
        let episodes = try recordDemonstrations(plan, folder: folder, lanes: lanes, stop: stop)
        guard !stop.received else { throw stopped(folder, after: "recording demonstrations") }

        // 2. Dataset.
        let dataset = try buildDataset(plan, folder: folder)
        say(DatasetBuild.summary(dataset))

        // 3. Training.
        let run = try train(plan, folder: folder, stop: stop)
        guard !stop.received else { throw stopped(folder, after: "training (a checkpoint was written; mimic train --out \(folder.run) --resume continues it)") }

        // 4. Evaluation on fresh seeds, and the table.
        let report = try evaluate(plan, folder: folder, run: run, lanes: lanes, stop: stop)
        guard !report.stopped else { throw stopped(folder, after: "evaluating (\(folder.eval)/\(EvaluationReport.fileName) holds what was measured)") }
        say("")
        say(report.table())
        say("")
        say("demo finished in \(ProgressLine.duration(Date().timeIntervalSince(started))): \(episodes.count) demonstrations, "
            + "\(run.trainSamples) training samples, \(run.state.step) training steps (\(ProgressLine.duration(run.state.elapsed)))")
        say("  training curves:  \(folder.run)/\(RunLayout.report)")
        say("  evaluation:       \(folder.eval)/\(EvaluationReport.pageName)")
        say("  the agent live:   mimic run --model \(Demo.weights(run)) --display :N")
    }

    // MARK: - Stages

    private func recordDemonstrations(_ plan: DemoPlan, folder: DemoFolder, lanes: DisplayLanes, stop: StopSignals) throws -> [TaskRecorder.Result] {
        var options = TaskRecorder.Options()
        options.outFolder = folder.recordings
        options.recorderName = "mimic \(Mimic.version)"
        options.encoders = 1  // the lanes already use the cores
        options.hold = 0.2  // the result frame pairs with no action: a short hold is enough
        let jobs = plan.tasks.flatMap { task in (0..<plan.demos(for: task)).map { DisplayLanes.Job(task: task, seed: plan.seed + UInt64($0)) } }
        let progress = ProgressLine()
        let results = try gymCall { () throws(GymError) in try lanes.recordExpert(jobs: jobs, options: options, shouldStop: { stop.received }) { done in
            progress.update(done: done, total: jobs.count, unit: "demonstrations", prefix: "1/4 recording  ")
        } }
        progress.finish(nil)
        let failed = results.filter { !$0.outcome.succeeded && $0.outcome.kind != .stopped }
        say("demonstrations: \(results.count) episodes in \(folder.recordings)"
            + (failed.isEmpty ? "" : "; \(failed.count) did not succeed (kept; their outcome is in episode.json)"))
        return results
    }

    private func buildDataset(_ plan: DemoPlan, folder: DemoFolder) throws -> BuildResult {
        var options = BuildOptions()
        options.preprocessing = Preprocessing(size: plan.imageSize)
        options.valFraction = plan.valFraction
        options.seed = plan.seed
        options.history = plan.history
        options.builder = "mimic \(Mimic.version)"
        let progress = ProgressLine()
        let warnings = Mutex(0)
        let result = try datasetCall { () throws(DatasetError) in
            try DatasetBuilder(options: options).build(inputs: [folder.recordings], output: folder.data, progress: { step in
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

    private func train(_ plan: DemoPlan, folder: DemoFolder, stop: StopSignals) throws -> TrainingRun {
        let progress = ProgressLine()
        let run = try trainingCall { () throws(TrainingError) in
            try TrainingRun.start(dataset: folder.data, folder: folder.run, options: plan.training, model: plan.model,
                                  program: "mimic \(Mimic.version) demo")
        }
        say(Train.header(run, resumed: false))
        let outcome = try trainingCall { () throws(TrainingError) in
            try run.run(shouldStop: { stop.received }) { event in
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

    private func evaluate(_ plan: DemoPlan, folder: DemoFolder, run: TrainingRun, lanes: DisplayLanes, stop: StopSignals) throws -> EvaluationReport {
        var options = EvaluationOptions(tasks: plan.tasks, episodes: plan.evalEpisodes, seed: plan.seed, out: folder.eval)
        options.baselineEpisodes = plan.baselineEpisodes
        options.recorderName = "mimic \(Mimic.version) demo"
        let progress = ProgressLine()
        var tally = EvalTally()
        let report: EvaluationReport
        do {
            report = try Evaluation.run(model: Demo.weights(run), displays: Array(lanes.names.prefix(plan.evalLanes)), options: options, shouldStop: { stop.received }) { p in
                progress.update(done: p.done, total: p.total, unit: "episodes", prefix: "4/4 evaluating: " + tally.add(p) + "  ")
            }
        } catch let error as EvaluationError {
            progress.finish(nil)
            throw CommandFailure(error.description)
        }
        progress.finish(nil)
        return report
    }

    /// The run's best weights (lowest validation loss), or its last when it had no validation.
    static func weights(_ run: TrainingRun) -> String {
        let best = run.folder + "/" + RunLayout.best
        return FileManager.default.fileExists(atPath: best) ? best : run.folder + "/" + RunLayout.last
    }

    private func stopped(_ folder: DemoFolder, after stage: String) -> Error {
        say("stopped while \(stage); what was done so far is in \(folder.root)")
        return ExitCode(130)
    }
}

/// The demo's folder and its parts.
struct DemoFolder {
    let root: String
    var recordings: String { root + "/recordings" }
    var data: String { root + "/data" }
    var run: String { root + "/run" }
    var eval: String { root + "/eval" }

    /// models/demo-<local time>, e.g. models/demo-2026-11-29T18-30-05.
    static func defaultRoot() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        return "models/demo-" + f.string(from: Date())
    }

    /// Makes the folder; one that already holds anything is refused (a demo never overwrites).
    func create() throws {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: root), !existing.isEmpty {
            throw CommandFailure("\(root) already holds files (\(existing.sorted().prefix(3).joined(separator: ", "))): give --out a new folder")
        }
        do {
            try fm.createDirectory(atPath: recordings, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("\(root): cannot create the demo folder: \(error.localizedDescription)")
        }
    }
}
