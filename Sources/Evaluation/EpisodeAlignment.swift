import Dataset
import Episode

/// How closely an agent's run followed a reference (say, a person's) on the same task: both are
/// segmented into actions as for a dataset, the meaningful ones (everything but waits and moves)
/// are aligned in order, and matched pointer actions are compared in screen pixels.
public struct EpisodeAlignment: Sendable, Codable {
    /// Meaningful actions in each run.
    public var agentActions: Int
    public var referenceActions: Int
    /// Agent actions per reference action (1 = as many steps as the reference).
    public var stepRatio: Double
    /// Actions aligned with a reference action of the same kind (the same key, for keys).
    public var matched: Int
    /// Screen-pixel distances between matched pointer actions.
    public var pointerErrors: [Double]
    /// Agent duration over reference duration (from first to last action).
    public var durationRatio: Double?

    public var medianPointerError: Double? {
        guard !pointerErrors.isEmpty else { return nil }
        let sorted = pointerErrors.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    public var meanPointerError: Double? {
        pointerErrors.isEmpty ? nil : pointerErrors.reduce(0, +) / Double(pointerErrors.count)
    }

    /// Aligns two action lists: fewest unmatched actions first (a substitution is never a match),
    /// then, among alignments as good, the smallest total pointer distance.
    public init(agent: [Action], reference: [Action]) {
        let a = agent.filter(EpisodeAlignment.isMeaningful)
        let r = reference.filter(EpisodeAlignment.isMeaningful)
        agentActions = a.count
        referenceActions = r.count
        stepRatio = r.isEmpty ? (a.isEmpty ? 1 : .infinity) : Double(a.count) / Double(r.count)
        // cost[i][j]: cheapest alignment of a[..<i] with r[..<j]. An unmatched action costs 1; a
        // match costs its pointer distance scaled far below 1, so it only breaks ties.
        let scale = 1e-6
        var cost = [[Double]](repeating: [Double](repeating: 0, count: r.count + 1), count: a.count + 1)
        for i in 0...a.count { cost[i][0] = Double(i) }
        for j in 0...r.count { cost[0][j] = Double(j) }
        func matchCost(_ i: Int, _ j: Int) -> Double? {
            EpisodeAlignment.same(a[i - 1], r[j - 1]) ? cost[i - 1][j - 1] + scale * EpisodeAlignment.distance(a[i - 1], r[j - 1]) : nil
        }
        if !a.isEmpty && !r.isEmpty {
            for i in 1...a.count {
                for j in 1...r.count {
                    cost[i][j] = min(matchCost(i, j) ?? .infinity, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
                }
            }
        }
        var i = a.count, j = r.count
        var pairs: [(Action, Action)] = []
        while i > 0 && j > 0 {
            if let m = matchCost(i, j), m == cost[i][j] {
                pairs.append((a[i - 1], r[j - 1])); i -= 1; j -= 1
            } else if cost[i][j] == cost[i - 1][j] + 1 {
                i -= 1
            } else {
                j -= 1
            }
        }
        matched = pairs.count
        pointerErrors = pairs.reversed().filter { $0.0.type.hasPosition }.map { EpisodeAlignment.distance($0.0, $0.1) }
        if let a0 = a.first, let a1 = a.last, let r0 = r.first, let r1 = r.last, r1.t > r0.t {
            durationRatio = (a1.t - a0.t) / (r1.t - r0.t)
        }
    }

    /// Segments both episodes' events and aligns them.
    public init(agent: EpisodeContents, reference: EpisodeContents) {
        func actions(_ e: EpisodeContents) -> [Action] {
            Segmenter.segment(e.events, initialPointer: e.frames.first?.pointer).actions
        }
        self.init(agent: actions(agent), reference: actions(reference))
    }

    static func distance(_ a: Action, _ b: Action) -> Double {
        guard a.type.hasPosition else { return 0 }
        let dx = Double(a.x - b.x), dy = Double(a.y - b.y)
        return (dx * dx + dy * dy).squareRoot()
    }

    static func isMeaningful(_ action: Action) -> Bool { action.type != .wait && action.type != .move }

    static func same(_ a: Action, _ b: Action) -> Bool {
        a.type == b.type && (a.type != .key || (a.key == b.key && a.modifiers == b.modifiers))
    }

    enum CodingKeys: String, CodingKey {
        case agentActions = "agent_actions", referenceActions = "reference_actions", stepRatio = "step_ratio"
        case matched, pointerErrors = "pointer_errors", durationRatio = "duration_ratio"
    }
}
