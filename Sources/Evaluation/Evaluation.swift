import Foundation
import Report
import Gym
import Agent

/// `mimic eval`: a model, a random agent and the scripted expert on the same built-in tasks and
/// the same evaluation seeds (never used for demonstrations), on one display. See docs/eval.md.
///
///     let display = try PrivateDisplay(width: 480, height: 480)
///     let report = try Evaluation.run(model: "models/demo/best.safetensors", display: display.name,
///                                     options: EvaluationOptions(tasks: ["all"], episodes: 20, out: "evals/demo"),
///                                     shouldStop: { false }, progress: { _ in })
///     print(report.table())                // also in evals/demo/eval.json and eval.html
///     display.stop()                       // after run returned: every X client is closed by then
public enum Evaluation {
    /// Runs, for every task and every episode index i: the model on seed i (recorded as an episode
    /// under `options.out`/episodes unless `recordEpisodes` is off), then for i below the baseline
    /// count the random policy through the same loop and the expert, on the same seed. eval.json and
    /// eval.html are rewritten as episodes finish. When `shouldStop` says so, the episode in progress
    /// ends as stopped, and the report so far is written and returned with `stopped` set.
    /// `display` must be running (at least 480×480); it is used from its top-left corner.
    public static func run(model: String, display: String, options: EvaluationOptions, shouldStop: @escaping @Sendable () -> Bool,
                           progress: (EvaluationProgress) -> Void) throws -> EvaluationReport {
        try run(model: model, displays: [display], options: options, shouldStop: shouldStop, progress: progress)
    }

    /// The same on several displays side by side, each with its own copy of the model, taking the next
    /// episode when it is free: runs are mostly waiting (for the screen to settle, for the expert's hand),
    /// so a few displays finish several times sooner on two cores. Which seeds and agents run, and the
    /// order of the episodes in the report, do not depend on the number of displays; `progress` is called
    /// on the calling thread.
    public static func run(model: String, displays: [String], options: EvaluationOptions, shouldStop: @escaping @Sendable () -> Bool,
                           progress: (EvaluationProgress) -> Void) throws -> EvaluationReport {
        precondition(!displays.isEmpty, "Evaluation.run needs a display")
        try options.validate()
        let tasks = try options.resolvedTasks()
        let tokensPerDecision = try loadModel(model).tokensPerDecision
        try prepareFolder(options.out)

        let count = max(options.episodes, options.baselineCount)
        var report = EvaluationReport(
            model: model, createdAt: EvaluationReport.timestamp(), display: displays.joined(separator: ","), taskNames: tasks.map { $0.name },
            episodesPerTask: options.episodes, baselineEpisodesPerTask: options.baselineCount, seed: options.seed,
            seedRange: [SeedRange.evaluationSeed(base: options.seed, index: 0), SeedRange.evaluationSeed(base: options.seed, index: count - 1)],
            timeLimit: options.timeLimit, valuePerTask: options.valuePerTask, tokensPerDecision: tokensPerDecision,
            stopped: false, tasks: [], overall: [], episodes: [])
        var jobs: [EvaluationJob] = []
        for task in tasks {
            for i in 0..<count {
                let seed = SeedRange.evaluationSeed(base: options.seed, index: i)
                if i < options.episodes { jobs.append(EvaluationJob(task: task.name, seed: seed, agent: .model)) }
                if i < options.baselineCount {
                    jobs.append(EvaluationJob(task: task.name, seed: seed, agent: .random))
                    jobs.append(EvaluationJob(task: task.name, seed: seed, agent: .expert))
                }
            }
        }

        let board = JobBoard.evaluation(jobs)
        let group = DispatchGroup()
        for display in displays {
            DispatchQueue.global().async(group: group) {
                // A lone lane has the cores to itself: it may keep them warm for its decisions.
                runLane(display: display, model: model, options: options, warmUp: displays.count == 1, board: board, shouldStop: shouldStop)
            }
        }
        var written = Date()
        func save(_ records: [EpisodeRecord]) throws {
            report.episodes = records
            report.summarize()
            try report.write(folder: options.out)
            written = Date()
        }
        var reported = 0
        while true {
            let finished = group.wait(timeout: .now() + 0.1) == .success
            for event in board.takeEvents() {
                if event.finished != nil { reported += 1 }
                progress(EvaluationProgress(done: reported, total: jobs.count, task: event.job.task, seed: event.job.seed,
                                            agent: event.job.agent, finished: event.finished))
            }
            if finished { break }
            if Date().timeIntervalSince(written) > 10 { try save(board.results) }
        }
        if let failure = board.failure { throw failure }
        report.stopped = board.ended || board.results.count < jobs.count
        try save(board.results)
        return report
    }

    /// One display's share: its own model copy and X clients, episodes taken from `board` until none is
    /// left, a run was stopped or failed, or `shouldStop` says so. Every X client is closed on return.
    private static func runLane(display: String, model: String, options: EvaluationOptions, warmUp: Bool, board: JobBoard,
                                shouldStop: @escaping @Sendable () -> Bool) {
        do throws(EvaluationError) {
            let policy = try loadModel(model)
            let runner = try EpisodeRunner(display: display, modelPath: model, folder: options.out, options: options, warmUp: warmUp)
            defer { runner.close() }
            while !shouldStop(), let (index, job) = board.next() {
                board.starting(index)
                guard let task = try? TaskCatalog.task(named: job.task) else { throw .unknownTask(name: job.task, known: TaskCatalog.names) }
                let record: EpisodeRecord
                switch job.agent {
                case .model:
                    record = try runner.run(policy, as: .model, task: task, seed: job.seed, record: true, shouldStop: shouldStop)
                case .random:
                    record = try runner.run(RandomPolicy(seed: job.seed), as: .random, task: task, seed: job.seed, record: false, shouldStop: shouldStop)
                case .expert:
                    record = try runner.runExpert(task: task, seed: job.seed, shouldStop: shouldStop)
                }
                board.finish(index, with: record)
            }
        } catch {
            board.fail(error)
        }
    }

    /// The model as the loop's policy; a missing or broken file is named.
    static func loadModel(_ path: String) throws(EvaluationError) -> ModelPolicy {
        try ModelFile.check(path)
        do { return try TrainedModel.load(path) } catch { throw .model(path: path, reason: "\(error)") }
    }

    /// Creates the evaluation folder (owner-only: it holds recorded screens and input); refuses one
    /// that already holds an evaluation.
    static func prepareFolder(_ path: String) throws(EvaluationError) {
        if FileManager.default.fileExists(atPath: path + "/" + EvaluationReport.fileName) { throw .outFolderInUse(path: path) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}
