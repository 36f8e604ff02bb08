/// Who acted in an evaluation episode.
public enum AgentKind: String, Codable, Sendable, CaseIterable {
    /// The model under evaluation, through the live loop (grab → predict → act).
    case model
    /// The same loop with a seeded random policy instead of the model.
    case random
    /// Gym's scripted expert, with a person's pace.
    case expert
}

/// One episode of an evaluation: a line of eval.json's "episodes".
public struct EpisodeRecord: Codable, Sendable, Equatable {
    public var task: String
    public var seed: UInt64
    public var agent: AgentKind
    /// As episode.json stores it: "success", "timeout", "stopped" or "failure: <reason>".
    public var outcome: String
    /// success, failure, timeout or stopped (Gym's `Outcome.Kind`).
    public var result: String
    /// Decisions the agent made (the expert: steps it took; a drag is one step).
    public var steps: Int
    /// Seconds from the moment the task was on screen to the end of the run.
    public var seconds: Double
    /// Seconds the agent spent acting (the loop's duration; the expert's run).
    public var actingSeconds: Double
    /// Median milliseconds of grab → decide → act (the loop's agents; nil for the expert).
    public var medianDecisionMs: Double?
    /// Model tokens read (tokens per decision × decisions); 0 for agents that are not models.
    public var tokens: Int
    /// The recorded episode, relative to the evaluation folder (model runs, when recorded).
    public var path: String?
    /// Its `mimic view` page, relative to the evaluation folder (failed model runs).
    public var page: String?

    public var succeeded: Bool { result == "success" }
    /// Stopped from outside: not counted in the figures.
    public var counts: Bool { result != "stopped" }

    public init(task: String, seed: UInt64, agent: AgentKind, outcome: String, result: String, steps: Int, seconds: Double,
                actingSeconds: Double, medianDecisionMs: Double? = nil, tokens: Int = 0, path: String? = nil, page: String? = nil) {
        self.task = task
        self.seed = seed
        self.agent = agent
        self.outcome = outcome
        self.result = result
        self.steps = steps
        self.seconds = seconds
        self.actingSeconds = actingSeconds
        self.medianDecisionMs = medianDecisionMs
        self.tokens = tokens
        self.path = path
        self.page = page
    }

    enum CodingKeys: String, CodingKey {
        case task, seed, agent, outcome, result, steps, seconds, actingSeconds = "acting_seconds"
        case medianDecisionMs = "median_decision_ms", tokens, path, page
    }
}
