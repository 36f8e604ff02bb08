import Report

import Synchronization

/// One evaluation episode to run: an agent on a task's seed.
struct EvaluationJob: Sendable {
    var task: String
    var seed: UInt64
    var agent: AgentKind
}

/// The evaluation's episodes shared by the displays running them: each display takes the next job;
/// finished records are kept in job order whatever display ran them; what happened is queued as events
/// for the calling thread's progress line. The first stopped run or failure ends the taking of jobs.
final class JobBoard: Sendable {
    struct Event: Sendable {
        var job: EvaluationJob
        /// Nil when the episode is starting.
        var finished: EpisodeRecord?
    }

    private struct State {
        var next = 0
        var records: [Int: EpisodeRecord] = [:]
        var events: [Event] = []
        var stopped = false
        var failure: EvaluationError?
    }

    private let jobs: [EvaluationJob]
    private let state = Mutex(State())

    init(_ jobs: [EvaluationJob]) { self.jobs = jobs }

    /// The next job and its index; nil when none is left or the evaluation has ended.
    func next() -> (Int, EvaluationJob)? {
        state.withLock { s in
            guard s.next < jobs.count, !s.stopped, s.failure == nil else { return nil }
            s.next += 1
            return (s.next - 1, jobs[s.next - 1])
        }
    }

    func starting(_ job: EvaluationJob) { state.withLock { $0.events.append(Event(job: job, finished: nil)) } }

    /// Keeps a finished run; a run that was stopped (kept, but it does not count) ends the evaluation.
    func finish(_ index: Int, job: EvaluationJob, record: EpisodeRecord) {
        state.withLock { s in
            s.events.append(Event(job: job, finished: record))
            s.records[index] = record
            if !record.counts { s.stopped = true }
        }
    }

    func fail(_ error: EvaluationError) { state.withLock { s in if s.failure == nil { s.failure = error } } }

    /// The events since the last call, oldest first.
    func takeEvents() -> [Event] {
        state.withLock { s in
            let events = s.events
            s.events = []
            return events
        }
    }

    /// The finished runs, in job order.
    var records: [EpisodeRecord] { state.withLock { s in s.records.keys.sorted().map { s.records[$0]! } } }
    var stopped: Bool { state.withLock { $0.stopped } }
    var failure: EvaluationError? { state.withLock { $0.failure } }
}
