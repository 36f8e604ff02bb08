import Capture
import Dispatch
import Primitives

/// Private Xvfb displays of the gym's size, used side by side: recording demonstrations is mostly
/// waiting for the expert's hand, so several displays make it several times faster on two cores.
/// `close()` disconnects every X client of the lanes before stopping the servers (Xlib ends a
/// process whose server vanishes under an open connection).
public final class DisplayLanes {
    /// One demonstration to record: a task's seed.
    public struct Job: Sendable {
        public var task: String
        public var seed: UInt64
        public init(task: String, seed: UInt64) { self.task = task; self.seed = seed }
    }

    public let displays: [PrivateDisplay]
    private var recorders: [TaskRecorder] = []

    public init(count: Int) throws(PrivateDisplayError) {
        var started: [PrivateDisplay] = []
        do throws(PrivateDisplayError) {
            for _ in 0..<count {
                started.append(try PrivateDisplay(width: TaskCanvas.defaultSize.width, height: TaskCanvas.defaultSize.height))
            }
        } catch {
            for display in started { display.stop() }
            throw error
        }
        displays = started
    }

    public var names: [String] { displays.map(\.name) }

    /// Records the expert on every job, each lane taking the next job when it is free. Returns the
    /// episodes in job order; `tick` is called on the calling thread about 5 times a second with the
    /// number of finished jobs. Stops taking jobs once `shouldStop` says so or a job failed.
    public func recordExpert(jobs: [Job], options: TaskRecorder.Options, shouldStop: @escaping @Sendable () -> Bool,
                             tick: (Int) -> Void) throws(GymError) -> [TaskRecorder.Result] {
        recorders = try displays.map { display throws(GymError) in try TaskRecorder(display: display.name, options: options) }
        let work = JobQueue<Job, TaskRecorder.Result, GymError>(jobs)
        let group = DispatchGroup()
        for recorder in recorders {
            let lane = LaneRecorder(recorder)
            DispatchQueue.global().async(group: group) {
                while !shouldStop(), let (index, job) = work.next() {
                    do throws(GymError) {
                        let task = try TaskCatalog.task(named: job.task)
                        work.finish(index, with: try lane.recorder.recordExpert(task, seed: job.seed, shouldStop: shouldStop))
                    } catch {
                        work.fail(error)
                    }
                }
            }
        }
        while group.wait(timeout: .now() + 0.2) == .timedOut { tick(work.finishedCount) }
        tick(work.finishedCount)
        if let failure = work.failure { throw failure }
        return work.results
    }

    /// Disconnects the lanes' X clients, then stops the displays.
    public func close() {
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
