import Foundation
import Gym
import Player

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
    /// eval.html are rewritten after each task. When `shouldStop` says so, the episode in progress
    /// ends as stopped, and the report so far is written and returned with `stopped` set.
    /// `display` must be running (at least 480×480); it is used from its top-left corner.
    public static func run(model: String, display: String, options: EvaluationOptions, shouldStop: @escaping @Sendable () -> Bool,
                           progress: (EvaluationProgress) -> Void) throws -> EvaluationReport {
        try options.validate()
        let tasks = try options.resolvedTasks()
        let policy = try loadModel(model)
        try prepareFolder(options.out)

        let count = max(options.episodes, options.baselineCount)
        var report = EvaluationReport(
            model: model, createdAt: EvaluationFiles.timestamp(), display: display, taskNames: tasks.map { $0.name },
            episodesPerTask: options.episodes, baselineEpisodesPerTask: options.baselineCount, seed: options.seed,
            seedRange: [SeedRange.evaluationSeed(base: options.seed, index: 0), SeedRange.evaluationSeed(base: options.seed, index: count - 1)],
            timeLimit: options.timeLimit, valuePerTask: options.valuePerTask, tokensPerDecision: policy.tokensPerDecision,
            stopped: false, tasks: [], overall: [], episodes: [])
        let runner = try EpisodeRunner(display: display, modelPath: model, folder: options.out, options: options)
        defer { runner.close() }

        let total = tasks.count * (options.episodes + 2 * options.baselineCount)
        var done = 0
        work: for task in tasks {
            for i in 0..<count {
                let seed = SeedRange.evaluationSeed(base: options.seed, index: i)
                var agents: [AgentKind] = i < options.episodes ? [.model] : []
                if i < options.baselineCount { agents += [.random, .expert] }
                for agent in agents {
                    if shouldStop() { report.stopped = true; break work }
                    progress(EvaluationProgress(done: done, total: total, task: task.name, seed: seed, agent: agent, finished: nil))
                    let record: EpisodeRecord
                    switch agent {
                    case .model:
                        record = try runner.run(policy, as: .model, task: task, seed: seed, record: true, shouldStop: shouldStop)
                    case .random:
                        record = try runner.run(RandomPolicy(seed: seed), as: .random, task: task, seed: seed, record: false, shouldStop: shouldStop)
                    case .expert:
                        record = try runner.runExpert(task: task, seed: seed, shouldStop: shouldStop)
                    }
                    report.episodes.append(record)
                    done += 1
                    progress(EvaluationProgress(done: done, total: total, task: task.name, seed: seed, agent: agent, finished: record))
                    if !record.counts { report.stopped = true; break work }
                }
            }
            report.summarize()
            try report.write(folder: options.out)
        }
        runner.close()
        report.summarize()
        try report.write(folder: options.out)
        return report
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
