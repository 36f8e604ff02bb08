import Primitives
import Report

/// One evaluation episode to run: an agent on a task's seed.
struct EvaluationJob: Sendable {
    var task: String
    var seed: UInt64
    var agent: AgentKind
}

/// The evaluation's episodes shared by the displays running them (one generic queue for the project).
typealias JobBoard = JobQueue<EvaluationJob, EpisodeRecord, EvaluationError>

extension JobBoard {
    /// A board whose first stopped run (kept, but it does not count) ends the evaluation.
    static func evaluation(_ jobs: [EvaluationJob]) -> JobBoard {
        JobBoard(jobs, endsQueue: { !$0.counts })
    }
}
