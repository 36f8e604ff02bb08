import Episode
import Foundation

/// One recording from start to finalized episode, as `mimic record` runs it: starts the recorder,
/// records until `shouldStop` (Ctrl-C, SIGTERM), `duration` or a recorder failure, then stops it and
/// returns the episode's folder and metadata.
public enum RecordingSession {
    public struct Outcome: Sendable {
        public var directory: String
        public var metadata: EpisodeMetadata
        /// Why the recording ended early (the recorder failed), if it did.
        public var interruption: String? { metadata.interruption }
    }

    /// `started` sees the running recorder once; `status` its counts about 10 times a second.
    public static func run(_ options: Recorder.Options, duration: Double?, shouldStop: () -> Bool,
                           started: (Recorder) -> Void = { _ in },
                           status: (Recorder.Stats) -> Void = { _ in }) throws(RecorderError) -> Outcome {
        // A write past a file-size limit must fail with an error we can report, not kill us.
        signal(SIGXFSZ, SIG_IGN)
        let recorder = try Recorder(options)
        try recorder.start()
        started(recorder)
        var failure: String?
        while true {
            usleep(100_000)
            if shouldStop() { break }
            if let reason = recorder.failure { failure = reason; break }
            let s = recorder.stats
            if let duration, s.elapsedMs >= duration * 1000 { break }
            status(s)
        }
        do throws(RecorderError) {
            return Outcome(directory: recorder.directory, metadata: try recorder.stop(interruption: failure))
        } catch {
            throw .finalizing(directory: recorder.directory, error)
        }
    }
}
