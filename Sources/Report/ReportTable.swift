import Foundation

extension EvaluationReport {
    /// The terminal table: per task and over all tasks, one row per agent — success (count, rate,
    /// 95% Wilson interval), mean steps and seconds to success, decisions per second, and for the
    /// model tokens per finished task and value ÷ tokens. "—" where a figure does not apply.
    public func table() -> String {
        let header = ["task", "agent", "success", "rate", "95% CI", "steps", "seconds", "dec/s", "tokens/task", "value/token"]
        var rows: [[String]] = []
        let groups = tasks.map { ($0.task, $0.agents) } + (tasks.count > 1 ? [("all tasks", overall)] : [])
        for (name, agents) in groups {
            // The task's name only on its first row.
            for (i, figures) in agents.filter({ $0.episodes > 0 }).enumerated() {
                rows.append([i == 0 ? name : "", figures.agent.rawValue] + EvaluationReport.cells(figures))
            }
        }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return c < 2 ? text + pad : pad + text
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(header)]
        for row in rows { out.append(line(row)) }
        var notes = ["steps and seconds: means over successful episodes; dec/s: decisions per second of acting",
                     "tokens/task = model tokens ÷ successes (\(tokensPerDecision) tokens per decision); value/token = \(EvaluationReport.number(valuePerTask)) × successes ÷ tokens"]
        if stopped { notes.append("stopped early: figures cover the episodes that ran") }
        return (out + notes.map { "  " + $0 }).joined(separator: "\n")
    }

    /// success, rate, 95% CI, steps, seconds, dec/s, tokens/task, value/token.
    static func cells(_ f: AgentFigures) -> [String] {
        let dash = "—"
        return [
            "\(f.successes)/\(f.episodes)",
            String(format: "%.1f%%", 100 * f.successRate),
            String(format: "%.1f–%.1f%%", 100 * f.ci95.lower, 100 * f.ci95.upper),
            f.meanStepsToSuccess.map { String(format: "%.1f", $0) } ?? dash,
            f.meanSecondsToSuccess.map { String(format: "%.2f", $0) } ?? dash,
            f.decisionsPerSecond.map { String(format: "%.1f", $0) } ?? dash,
            f.tokensPerTask.map { String(format: "%.0f", $0) } ?? dash,
            f.valuePerToken.map { String(format: "%.3g", $0) } ?? dash,
        ]
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(format: "%.1f", value) : String(format: "%g", value)
    }
}
