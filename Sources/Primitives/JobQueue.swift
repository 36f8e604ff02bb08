import Synchronization

/// A fixed list of jobs shared by worker threads: each worker takes the next job; results are kept in
/// job order whatever worker finished them; what happened is queued as events for the calling thread's
/// progress display. The first failure, or a result that `endsQueue` marks, ends the taking of jobs.
public final class JobQueue<Job: Sendable, Result: Sendable, Failure: Error & Sendable>: Sendable {
    public struct Event: Sendable {
        public var job: Job
        /// Nil when the job is starting.
        public var finished: Result?
    }

    private struct State {
        var next = 0
        var results: [Int: Result] = [:]
        var events: [Event] = []
        var ended = false
        var failure: Failure?
    }

    private let jobs: [Job]
    private let endsQueue: @Sendable (Result) -> Bool
    private let state = Mutex(State())

    /// `endsQueue` says of a finished result whether no further job should start (a stopped run).
    public init(_ jobs: [Job], endsQueue: @escaping @Sendable (Result) -> Bool = { _ in false }) {
        self.jobs = jobs
        self.endsQueue = endsQueue
    }

    public var count: Int { jobs.count }

    /// The next job and its index; nil when none is left, a result ended the queue, or a job failed.
    public func next() -> (index: Int, job: Job)? {
        state.withLock { s in
            guard s.next < jobs.count, !s.ended, s.failure == nil else { return nil }
            s.next += 1
            return (s.next - 1, jobs[s.next - 1])
        }
    }

    /// Queues a "starting" event for job `index`.
    public func starting(_ index: Int) {
        state.withLock { $0.events.append(Event(job: jobs[index], finished: nil)) }
    }

    /// Keeps the result of job `index`.
    public func finish(_ index: Int, with result: Result) {
        let ends = endsQueue(result)
        state.withLock { s in
            s.events.append(Event(job: jobs[index], finished: result))
            s.results[index] = result
            if ends { s.ended = true }
        }
    }

    /// Records a failure (the first one is kept) and ends the taking of jobs.
    public func fail(_ error: Failure) { state.withLock { s in if s.failure == nil { s.failure = error } } }

    /// The events since the last call, oldest first.
    public func takeEvents() -> [Event] {
        state.withLock { s in
            let events = s.events
            s.events = []
            return events
        }
    }

    /// The finished results, in job order.
    public var results: [Result] { state.withLock { s in s.results.keys.sorted().map { s.results[$0]! } } }
    public var finishedCount: Int { state.withLock { $0.results.count } }
    /// Whether a result ended the queue.
    public var ended: Bool { state.withLock { $0.ended } }
    public var failure: Failure? { state.withLock { $0.failure } }
}
