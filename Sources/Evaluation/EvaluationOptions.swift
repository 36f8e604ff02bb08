import Foundation
import Report
import Gym

/// What `mimic eval` runs: which tasks, how many episodes of each, on which seeds, and where the
/// results go.
public struct EvaluationOptions: Sendable {
    /// Task names (`TaskCatalog.names`); ["all"] means every task.
    public var tasks: [String]
    /// Model episodes per task; episode i uses the evaluation seed `SeedRange.evaluationSeed(base: seed, index: i)`.
    public var episodes = 50
    /// Offset into the evaluation seed range (2^32 ..< 2^33), which demonstrations never use.
    public var seed: UInt64 = 0
    /// What one finished task is worth, in the user's unit, for value ÷ tokens.
    public var valuePerTask = 1.0
    /// Random and expert episodes per task, on the first seeds of the model's; nil: as many as `episodes`.
    public var baselineEpisodes: Int?
    /// The evaluation folder: eval.json, eval.html, episodes/.
    public var out: String
    /// Record the model's runs as episodes under `out`/episodes (as `mimic run` does).
    public var recordEpisodes = true
    /// Seconds a model or random run may take; nil: each task's own limit. The expert always has
    /// the task's own limit: it is the reference of what can be done.
    public var timeLimit: Double?
    /// Screen grabs per second of the recorded runs.
    public var fps: Double = 10
    /// Stored as the recorded episodes' recorder, e.g. "mimic 0.1.0".
    public var recorderName = "mimic"
    /// Write a `mimic view` page (view.html) into every failed model run's episode folder.
    public var episodePages = true

    public init(tasks: [String] = ["all"], episodes: Int = 50, seed: UInt64 = 0, valuePerTask: Double = 1.0,
                baselineEpisodes: Int? = nil, out: String, recordEpisodes: Bool = true) {
        self.tasks = tasks
        self.episodes = episodes
        self.seed = seed
        self.valuePerTask = valuePerTask
        self.baselineEpisodes = baselineEpisodes
        self.out = out
        self.recordEpisodes = recordEpisodes
    }

    /// Random and expert episodes per task.
    public var baselineCount: Int { baselineEpisodes ?? episodes }

    /// The tasks to run, in catalog order for "all", else as given.
    public func resolvedTasks() throws(EvaluationError) -> [any GymTask.Type] {
        let names = tasks.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names.isEmpty || names == ["all"] { return TaskCatalog.all }
        var out: [any GymTask.Type] = []
        for name in names {
            guard let task = TaskCatalog.all.first(where: { $0.name == name }) else {
                throw .unknownTask(name: name, known: TaskCatalog.names)
            }
            if !out.contains(where: { $0.name == task.name }) { out.append(task) }
        }
        return out
    }

    /// Refuses values that cannot be run.
    public func validate() throws(EvaluationError) {
        guard episodes >= 0 else { throw .invalidOption(flag: "--episodes", reason: "must be 0 or more, is \(episodes)") }
        guard baselineCount >= 0 else { throw .invalidOption(flag: "--baseline-episodes", reason: "must be 0 or more, is \(baselineCount)") }
        guard episodes + baselineCount > 0 else { throw .invalidOption(flag: "--episodes", reason: "nothing to run: no model and no baseline episodes") }
        guard valuePerTask.isFinite && valuePerTask >= 0 else {
            throw .invalidOption(flag: "--value-per-task", reason: "must be a number of 0 or more, is \(valuePerTask)")
        }
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
            throw .invalidOption(flag: "--time-limit", reason: "must be a positive number of seconds, is \(timeLimit)")
        }
        guard fps > 0 && fps <= 60 else { throw .invalidOption(flag: "--fps", reason: "must be between 0 and 60, is \(fps)") }
        guard !out.isEmpty else { throw .invalidOption(flag: "--out", reason: "must name a folder") }
    }
}

/// Where an evaluation is: reported before each episode starts (`finished` nil) and after it ends.
public struct EvaluationProgress: Sendable {
    /// Episodes finished so far, of `total` planned.
    public var done: Int
    public var total: Int
    public var task: String
    public var seed: UInt64
    public var agent: AgentKind
    /// The episode just finished; nil when it is starting.
    public var finished: EpisodeRecord?
}
