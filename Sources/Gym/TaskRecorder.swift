import Primitives
import Capture
import Episode
import Foundation
import Imaging

/// Records task runs as episodes: for each (task, seed) it shows the task, starts Capture's
/// `Recorder` on the display — the very code `mimic record` runs, XRecord input and screen grabs —
/// lets an actor (the expert, a trained agent, the random baseline) work on the task, keeps
/// recording briefly so the last frames show how it ended, and finalizes the episode with the
/// task's name, seed and outcome in episode.json (and the agent, for a model's run).
public final class TaskRecorder: @unchecked Sendable {
    public struct Options: Sendable {
        /// The folder episodes go in, one new folder each.
        public var outFolder = "recordings"
        /// Screen grabs per second. 10 suits training: the dataset pairs each action with the last
        /// frame before it, and the expert's reaction pauses (0.15 s or more) exceed a frame period.
        public var fps: Double = 10
        /// Seconds recorded after the run ended, so the final frames show success (or failure).
        public var hold: Double = 0.5
        /// How frames become PNGs (default: the fast encoder).
        public var png = PNGEncoding.default
        public var encoders = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Stored as the episode's recorder, e.g. "mimic 0.1.0".
        public var recorderName = "mimic"
        public var session = TaskSession.Options()
        /// The expert's timing, for `recordExpert` (its pauses are stretched to at least 1.2 frame
        /// periods at `fps`, so each observation shows the previous action's effect).
        public var pace = ExpertPace.standard
        public init() {}
    }

    public struct Result: Sendable {
        public var directory: String
        public var task: String
        public var seed: UInt64
        public var outcome: Outcome
        public var metadata: EpisodeMetadata
    }

    public let display: String
    public let options: Options
    private let expert: Expert

    /// Prepares to record on `display` (and connects the expert's XTest input).
    public init(display: String, options: Options = Options()) throws(GymError) {
        self.display = display
        self.options = options
        expert = try Expert(display: display, pace: options.pace.spaced(forFramesPerSecond: options.fps))
    }

    deinit { expert.close() }

    /// Disconnects the expert's input. Call before the display goes away.
    public func close() { expert.close() }

    /// Records the scripted expert solving `task` with `seed`: a demonstration.
    public func recordExpert(_ task: any GymTask.Type, seed: UInt64, shouldStop: @escaping () -> Bool = { false }) throws(GymError) -> Result {
        try record(task, seed: seed, shouldStop: shouldStop) { session, _, stop in try self.expert.solve(session, shouldStop: stop) }
    }

    /// Records one run of `task` with `seed` in which `act` works on the session and returns its
    /// outcome; it gets the episode's writer too, to add what only the actor knows (a model's
    /// predictions). `act` should return when asked to stop (its last argument, true once
    /// `shouldStop` says so or the recording failed), after stopping the session. A run that ends
    /// stopped is finalized as interrupted. `agent` marks a model's run in episode.json.
    public func record(_ task: any GymTask.Type, seed: UInt64, agent: EpisodeMetadata.Agent? = nil,
                       shouldStop: @escaping () -> Bool = { false },
                       act: (TaskSession, EpisodeWriter, @escaping () -> Bool) throws -> Outcome) throws(GymError) -> Result {
        let session = try TaskSession(task, seed: seed, display: display, options: options.session)
        defer { session.stop() }
        var settings = Recorder.Options()
        settings.display = display
        settings.outFolder = options.outFolder
        settings.fps = options.fps
        settings.instruction = session.instruction
        settings.task = EpisodeMetadata.Task(name: task.name, seed: seed)
        settings.agent = agent
        settings.png = options.png
        settings.encoders = options.encoders
        settings.recorderName = options.recorderName
        let recorder: Recorder
        do throws(RecorderError) {
            recorder = try Recorder(settings)
            try recorder.start()
        } catch {
            throw .recording(task: task.name, seed: seed, detail: error.description)
        }
        // The first action must come after the first frame, which shows the task untouched.
        while recorder.stats.grabbed == 0 && recorder.failure == nil { usleep(2_000) }

        let outcome: Outcome
        do {
            outcome = try act(session, recorder.writer) { shouldStop() || recorder.failure != nil }
        } catch {
            _ = try? recorder.stop(interruption: "the actor failed: \(error)")
            if let error = error as? GymError { throw error }
            throw .actorFailed(task: task.name, seed: seed, detail: "\(error)")
        }
        if outcome.kind != .stopped { usleep(UInt32(max(0, options.hold) * 1_000_000)) }
        do throws(EpisodeError) {
            try recorder.writer.updateMetadata { $0.task?.outcome = outcome.label }
        } catch {
            _ = try? recorder.stop(interruption: "could not store the outcome: \(error)")
            throw .recording(task: task.name, seed: seed, detail: error.description)
        }
        let interruption = outcome.kind == .stopped ? (recorder.failure ?? "stopped before the task ended") : nil
        do throws(RecorderError) {
            let metadata = try recorder.stop(interruption: interruption)
            return Result(directory: recorder.directory, task: task.name, seed: seed, outcome: outcome, metadata: metadata)
        } catch {
            throw .recording(task: task.name, seed: seed, detail: error.description)
        }
    }
}
