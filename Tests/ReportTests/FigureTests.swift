@testable import Report
import Testing

@Suite("evaluation figures")
struct FigureTests {
    /// Wilson score intervals at z = 1.959964, computed by hand from the formula (and matching
    /// statsmodels' proportion_confint(method="wilson")) to 4 decimals.
    @Test("the 95% interval is Wilson's", arguments: [
        (0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (10, 10, 0.7225, 1.0), (1, 10, 0.0179, 0.4042),
        (0, 1, 0.0, 0.7935), (1, 1, 0.2065, 1.0), (48, 50, 0.8654, 0.9890), (25, 50, 0.3664, 0.6336),
    ])
    func wilson(successes: Int, trials: Int, lower: Double, upper: Double) {
        let interval = WilsonInterval(successes: successes, trials: trials)
        #expect(abs(interval.lower - lower) < 5e-5, "lower \(interval.lower)")
        #expect(abs(interval.upper - upper) < 5e-5, "upper \(interval.upper)")
    }

    @Test("no trials tell nothing: the interval is [0, 1]")
    func noTrials() {
        let interval = WilsonInterval(successes: 0, trials: 0)
        #expect(interval.lower == 0 && interval.upper == 1)
    }

    static func record(_ agent: AgentKind, _ result: String, steps: Int, seconds: Double, acting: Double, tokens: Int = 0) -> EpisodeRecord {
        EpisodeRecord(task: "click-target", seed: 1 << 32, agent: agent, outcome: result, result: result, steps: steps,
                      seconds: seconds, actingSeconds: acting, medianDecisionMs: agent == .expert ? nil : 10, tokens: tokens)
    }

    @Test("tokens per task, value per token, means to success; stopped runs do not count")
    func agentFigures() {
        let records = [
            FigureTests.record(.model, "success", steps: 2, seconds: 1.0, acting: 1.5, tokens: 2 * 261),
            FigureTests.record(.model, "failure", steps: 3, seconds: 2.0, acting: 2.5, tokens: 3 * 261),
            FigureTests.record(.model, "success", steps: 4, seconds: 3.0, acting: 3.5, tokens: 4 * 261),
            FigureTests.record(.model, "timeout", steps: 1, seconds: 10, acting: 10.5, tokens: 261),
            FigureTests.record(.model, "stopped", steps: 9, seconds: 9, acting: 9, tokens: 9 * 261),
            FigureTests.record(.random, "failure", steps: 3, seconds: 1, acting: 1),
            FigureTests.record(.expert, "success", steps: 1, seconds: 0.5, acting: 0.5),
        ]
        let model = AgentFigures(agent: .model, records: records, valuePerTask: 2.0)
        #expect(model.episodes == 4 && model.successes == 2 && model.successRate == 0.5)
        #expect(model.ci95 == WilsonInterval(successes: 2, trials: 4))
        #expect(model.meanStepsToSuccess == 3 && model.meanSecondsToSuccess == 2)
        #expect(model.decisionsPerSecond == 10.0 / 18.0)
        #expect(model.tokens == 10 * 261)
        #expect(model.tokensPerTask == Double(5 * 261))
        #expect(model.valuePerToken == 2.0 * 2 / Double(10 * 261))
        let random = AgentFigures(agent: .random, records: records, valuePerTask: 2.0)
        #expect(random.successes == 0 && random.meanStepsToSuccess == nil && random.tokensPerTask == nil && random.valuePerToken == nil)
        let expert = AgentFigures(agent: .expert, records: records, valuePerTask: 2.0)
        #expect(expert.successRate == 1 && expert.medianDecisionMs == nil && expert.tokens == 0 && expert.valuePerToken == nil)
    }

    @Test("the table shows a dash where a figure does not apply, and every agent of every task")
    func table() {
        var report = EvaluationReport(
            model: "m.safetensors", createdAt: "2026-11-29T18:00:00Z", display: ":9", taskNames: ["click-target", "press-key"],
            episodesPerTask: 2, baselineEpisodesPerTask: 1, seed: 0, seedRange: [1 << 32, (1 << 32) + 1], timeLimit: nil,
            valuePerTask: 1, tokensPerDecision: 261, stopped: false, tasks: [], overall: [], episodes: [
                FigureTests.record(.model, "success", steps: 2, seconds: 1.0, acting: 1.5, tokens: 2 * 261),
                FigureTests.record(.random, "failure", steps: 3, seconds: 1, acting: 1),
                FigureTests.record(.expert, "success", steps: 1, seconds: 0.5, acting: 0.5),
            ])
        report.episodes += report.episodes.map { var e = $0; e.task = "press-key"; return e }
        report.summarize()
        let lines = report.table().split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("task"))
        // The rows whose agent column (under the header's "agent") holds `agent`.
        let column = lines[0].distance(from: lines[0].startIndex, to: lines[0].range(of: "agent")!.lowerBound)
        func rows(_ agent: String) -> [String] {
            lines.filter { $0.count > column && $0.dropFirst(column).hasPrefix(agent + " ") }
        }
        // Two tasks and "all tasks", three agents each.
        #expect(rows("model").count == 3 && rows("random").count == 3 && rows("expert").count == 3)
        #expect(lines.contains { $0.hasPrefix("all tasks") })
        let random = rows("random")[0]
        #expect(random.contains("0/1") && random.contains("—"))
        let model = rows("model")[0]
        #expect(model.hasPrefix("click-target") && model.contains("1/1") && model.contains("522") && model.contains("0.00192"))
    }
}
