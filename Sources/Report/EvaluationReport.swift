import Episode
import Foundation

/// What `mimic eval` measured: eval.json. Figures per task and over all tasks for the model, the
/// random agent and the expert, and every episode. docs/eval.md explains each field.
public struct EvaluationReport: Codable, Sendable {
    public static let formatVersion = 1
    public static let fileName = "eval.json"
    public static let pageName = "eval.html"
    /// Where the model's recorded runs go, inside the evaluation folder.
    public static let episodesFolder = "episodes"

    public var formatVersion = EvaluationReport.formatVersion
    /// The weights file, as given.
    public var model: String
    /// UTC, ISO 8601.
    public var createdAt: String
    public var display: String
    /// The tasks, in the order they ran.
    public var taskNames: [String]
    public var episodesPerTask: Int
    public var baselineEpisodesPerTask: Int
    /// Episode i of every task used the evaluation seed `SeedRange.evaluationSeed(base: seed, index: i)`.
    public var seed: UInt64
    /// The seeds of episodes 0 and N−1 (the same for every task).
    public var seedRange: [UInt64]
    /// nil: each task's own limit. The expert always has the task's own limit.
    public var timeLimit: Double?
    public var valuePerTask: Double
    public var tokensPerDecision: Int
    /// Stopped on request before every episode had run.
    public var stopped: Bool
    public var tasks: [TaskFigures]
    public var overall: [AgentFigures]
    public var episodes: [EpisodeRecord]

    public init(model: String, createdAt: String, display: String, taskNames: [String], episodesPerTask: Int,
                baselineEpisodesPerTask: Int, seed: UInt64, seedRange: [UInt64], timeLimit: Double?, valuePerTask: Double,
                tokensPerDecision: Int, stopped: Bool, tasks: [TaskFigures], overall: [AgentFigures], episodes: [EpisodeRecord]) {
        self.model = model
        self.createdAt = createdAt
        self.display = display
        self.taskNames = taskNames
        self.episodesPerTask = episodesPerTask
        self.baselineEpisodesPerTask = baselineEpisodesPerTask
        self.seed = seed
        self.seedRange = seedRange
        self.timeLimit = timeLimit
        self.valuePerTask = valuePerTask
        self.tokensPerDecision = tokensPerDecision
        self.stopped = stopped
        self.tasks = tasks
        self.overall = overall
        self.episodes = episodes
    }

    /// Now, UTC, ISO 8601 (the form of `createdAt`).
    public static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", model, createdAt = "created_at", display, taskNames = "task_names"
        case episodesPerTask = "episodes_per_task", baselineEpisodesPerTask = "baseline_episodes_per_task", seed
        case seedRange = "seed_range", timeLimit = "time_limit_s", valuePerTask = "value_per_task"
        case tokensPerDecision = "tokens_per_decision", stopped, tasks, overall, episodes
    }

    /// Recomputes `tasks` and `overall` from `episodes`.
    public mutating func summarize() {
        tasks = taskNames.compactMap { name in
            let records = episodes.filter { $0.task == name }
            guard !records.isEmpty else { return nil }
            return TaskFigures(task: name, agents: AgentKind.allCases.map { AgentFigures(agent: $0, records: records, valuePerTask: valuePerTask) })
        }
        overall = AgentKind.allCases.map { AgentFigures(agent: $0, records: episodes, valuePerTask: valuePerTask) }
    }

    /// The model's episodes that did not succeed (stopped ones aside), in the order they ran.
    public var failedModelEpisodes: [EpisodeRecord] {
        episodes.filter { $0.agent == .model && $0.counts && !$0.succeeded }
    }

    // MARK: - Files

    /// Reads `<folder>/eval.json`.
    public static func read(folder: String) throws(ReportError) -> EvaluationReport {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { throw .notAnEvaluation(path: folder) }
        let report: EvaluationReport
        do { report = try JSONDecoder().decode(EvaluationReport.self, from: data) } catch {
            throw .unreadableReport(path: path, reason: "\(error)")
        }
        guard report.formatVersion == formatVersion else {
            throw .unreadableReport(path: path, reason: "format_version \(report.formatVersion) is not \(formatVersion); use the mimic that wrote it")
        }
        return report
    }

    /// Writes eval.json and eval.html into `folder`, each atomically.
    public func write(folder: String) throws(ReportError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do { json = try encoder.encode(self) } catch { throw .writeFailed(path: folder + "/" + EvaluationReport.fileName, reason: "\(error)") }
        try EvaluationFiles.write(json, to: folder + "/" + EvaluationReport.fileName)
        try EvaluationFiles.write(Data(EvaluationPage.html(self, base: "").utf8), to: folder + "/" + EvaluationReport.pageName)
    }
}

/// Small file helpers of the evaluation folder.
enum EvaluationFiles {
    /// Writes `data` to `path` through a temporary file and a rename.
    static func write(_ data: Data, to path: String) throws(ReportError) {
        if let reason = CompleteFile.write([UInt8](data), to: path, mode: 0o600) { throw .writeFailed(path: path, reason: reason) }
    }
}
