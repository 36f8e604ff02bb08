import Episode

/// `mimic score <agent episode> --reference <episode>`: how closely an agent's run followed a
/// reference run (a person's, the expert's) — `EpisodeAlignment` of the two episodes'
/// meaningful actions, with the folders it compared.
public struct EpisodeScoreReport: Codable, Sendable {
    public var agent: String
    public var reference: String
    public var alignment: EpisodeAlignment

    /// Reads both episodes and aligns them; a folder that is not a readable episode is named.
    public static func measure(agent: String, reference: String) throws(EvaluationError) -> EpisodeScoreReport {
        let a = try open(agent), r = try open(reference)
        return EpisodeScoreReport(agent: agent, reference: reference, alignment: EpisodeAlignment(agent: a, reference: r))
    }

    static func open(_ path: String) throws(EvaluationError) -> EpisodeContents {
        do { return try EpisodeReader.open(path) } catch { throw .notAnEpisode(path: path, reason: error.description) }
    }

    /// The figures as lines of text.
    public func lines() -> [String] {
        let a = alignment
        var out = ["\(agent) against \(reference)",
                   "  actions       \(a.agentActions) (reference \(a.referenceActions)); step ratio "
                       + (a.stepRatio.isFinite ? String(format: "%.2f", a.stepRatio) : "∞"),
                   "  matched       \(a.matched) of \(a.referenceActions) reference actions (same type, same key) in order"]
        if let median = a.medianPointerError, let mean = a.meanPointerError {
            out.append(String(format: "  pointer error %.1f px median, %.1f px mean over %d matched pointer actions", median, mean, a.pointerErrors.count))
        } else {
            out.append("  pointer error — (no matched pointer actions)")
        }
        if let d = a.durationRatio { out.append(String(format: "  duration      %.2f× the reference's (first to last action)", d)) }
        return out
    }
}
