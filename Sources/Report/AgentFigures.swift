/// One agent's figures over a set of episodes (one task, or all of them). Stopped episodes are left out.
public struct AgentFigures: Codable, Sendable, Equatable {
    public var agent: AgentKind
    public var episodes: Int
    public var successes: Int
    public var successRate: Double
    /// The Wilson score interval of the success rate, 95%.
    public var ci95: WilsonInterval
    /// Over the successful episodes only (nil without one).
    public var meanStepsToSuccess: Double?
    public var meanSecondsToSuccess: Double?
    /// Decisions (the expert: steps) per second of acting, over all episodes.
    public var decisionsPerSecond: Double?
    /// The median over episodes of each episode's median grab → decide → act time (loop agents only).
    public var medianDecisionMs: Double?
    /// Model tokens read over all episodes (0 for agents that are not models).
    public var tokens: Int
    /// Tokens per finished task: all tokens ÷ successes (nil when not a model, or no success).
    public var tokensPerTask: Double?
    /// Productivity: value per task × successes ÷ all tokens (nil when not a model).
    public var valuePerToken: Double?

    /// The figures of `agent`'s episodes among `records`, with each success worth `valuePerTask`.
    public init(agent: AgentKind, records: [EpisodeRecord], valuePerTask: Double) {
        let mine = records.filter { $0.agent == agent && $0.counts }
        let won = mine.filter(\.succeeded)
        self.agent = agent
        episodes = mine.count
        successes = won.count
        successRate = mine.isEmpty ? 0 : Double(won.count) / Double(mine.count)
        ci95 = WilsonInterval(successes: won.count, trials: mine.count)
        meanStepsToSuccess = won.isEmpty ? nil : Double(won.reduce(0) { $0 + $1.steps }) / Double(won.count)
        meanSecondsToSuccess = won.isEmpty ? nil : won.reduce(0) { $0 + $1.seconds } / Double(won.count)
        let acting = mine.reduce(0) { $0 + $1.actingSeconds }
        decisionsPerSecond = acting > 0 ? Double(mine.reduce(0) { $0 + $1.steps }) / acting : nil
        let medians = mine.compactMap(\.medianDecisionMs).sorted()
        medianDecisionMs = medians.isEmpty ? nil
            : medians.count % 2 == 1 ? medians[medians.count / 2] : (medians[medians.count / 2 - 1] + medians[medians.count / 2]) / 2
        tokens = mine.reduce(0) { $0 + $1.tokens }
        tokensPerTask = tokens > 0 && !won.isEmpty ? Double(tokens) / Double(won.count) : nil
        valuePerToken = tokens > 0 ? valuePerTask * Double(won.count) / Double(tokens) : nil
    }

    enum CodingKeys: String, CodingKey {
        case agent, episodes, successes, successRate = "success_rate", ci95 = "ci95"
        case meanStepsToSuccess = "mean_steps_to_success", meanSecondsToSuccess = "mean_seconds_to_success"
        case decisionsPerSecond = "decisions_per_second", medianDecisionMs = "median_decision_ms", tokens
        case tokensPerTask = "tokens_per_task", valuePerToken = "value_per_token"
    }
}

/// The three agents' figures on one task.
public struct TaskFigures: Codable, Sendable, Equatable {
    public var task: String
    public var agents: [AgentFigures]

    public subscript(agent: AgentKind) -> AgentFigures? { agents.first { $0.agent == agent } }
}
