import Capture
import Foundation
import Gym
import Synchronization

/// Private Xvfb displays of the gym's size, used side by side: recording demonstrations is mostly
/// waiting for the expert's hand, so several displays make it several times faster on two cores.
/// `close()` disconnects every X client of the lanes before stopping the servers (Xlib ends a
/// process whose server vanishes under an open connection).
final class DisplayLanes {
    let displays: [PrivateDisplay]
    private var recorders: [TaskRecorder] = []

    init(count: Int) throws {
        var started: [PrivateDisplay] = []
        do throws(PrivateDisplayError) {
            for _ in 0..<count {
                started.append(try PrivateDisplay(width: TaskCanvas.defaultSize.width, height: TaskCanvas.defaultSize.height))
            }
        } catch {
            for display in started { display.stop() }
            throw CommandFailure(error.description)
        }
        displays = started
    }

    var names: [String] { displays.map(\.name) }

    /// Records the expert on every (task, seed) job, each lane taking the next job when it is free.
    /// Returns the episodes in job order; `tick` is called on the calling thread about 5 times a second
    /// with the number of finished jobs. Stops taking jobs once `shouldStop` says so.
    func recordExpert(jobs: [(task: String, seed: UInt64)], options: TaskRecorder.Options,
                      shouldStop: @escaping @Sendable () -> Bool, tick: (Int) -> Void) throws -> [TaskRecorder.Result] {
        recorders = try displays.map { display in
            try gymCall { () throws(GymError) in try TaskRecorder(display: display.name, options: options) }
        }
        let work = LaneWork(jobs: jobs)
        let group = DispatchGroup()
        for recorder in recorders {
            let lane = LaneRecorder(recorder)
            DispatchQueue.global().async(group: group) {
                while !shouldStop() && !work.failed, let (index, job) = work.next() {
                    do throws(GymError) {
                        let task = try TaskCatalog.task(named: job.task)
                        work.finish(index, with: try lane.recorder.recordExpert(task, seed: job.seed, shouldStop: shouldStop))
                    } catch {
                        work.fail(error.description)
                    }
                }
            }
        }
        while group.wait(timeout: .now() + 0.2) == .timedOut { tick(work.finishedCount) }
        tick(work.finishedCount)
        if let failure = work.failure { throw CommandFailure(failure) }
        return work.results
    }

    /// Disconnects the lanes' X clients, then stops the displays.
    func close() {
        for recorder in recorders { recorder.close() }
        recorders = []
        for display in displays { display.stop() }
    }
}

/// A recorder handed to one lane's thread (each lane uses only its own X connections).
private struct LaneRecorder: @unchecked Sendable {
    let recorder: TaskRecorder
    init(_ recorder: TaskRecorder) { self.recorder = recorder }
}

/// The shared job list of the lanes and what they produced.
private final class LaneWork: Sendable {
    private struct State {
        var nextJob = 0
        var results: [Int: TaskRecorder.Result] = [:]
        var failure: String?
    }
    private let jobs: [(task: String, seed: UInt64)]
    private let state = Mutex(State())

    init(jobs: [(task: String, seed: UInt64)]) { self.jobs = jobs }

    func next() -> (Int, (task: String, seed: UInt64))? {
        state.withLock { s in
            guard s.nextJob < jobs.count else { return nil }
            s.nextJob += 1
            return (s.nextJob - 1, jobs[s.nextJob - 1])
        }
    }

    func finish(_ index: Int, with result: TaskRecorder.Result) { state.withLock { $0.results[index] = result } }
    func fail(_ message: String) { state.withLock { s in if s.failure == nil { s.failure = message } } }
    var failed: Bool { state.withLock { $0.failure != nil } }
    var failure: String? { state.withLock { $0.failure } }
    var finishedCount: Int { state.withLock { $0.results.count } }
    var results: [TaskRecorder.Result] { state.withLock { s in s.results.keys.sorted().map { s.results[$0]! } } }
}
