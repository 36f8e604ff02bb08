import Capture
import Episode
import Foundation
import Testing
import TestSupport

/// The recording's lifecycle as a library call (what `mimic record` runs): started once, status while
/// recording, stopped on request, finalized as a complete, readable episode.
@Suite("RecordingSession", .serialized)
struct RecordingSessionTests {
    @Test("a stop request ends the recording; the episode is finalized complete, with the frames it grabbed")
    func stopRequest() throws {
        let display = try PrivateDisplay(width: 160, height: 120)
        defer { display.stop() }
        let folder = TemporaryFolder("recording-session")
        var options = Recorder.Options()
        options.display = display.name
        options.outFolder = folder.path
        options.fps = 10
        var starts = 0
        var statuses = 0
        let outcome = try RecordingSession.run(options, duration: nil, shouldStop: { statuses >= 5 },
                                               started: { _ in starts += 1 }, status: { _ in statuses += 1 })
        #expect(starts == 1)
        #expect(statuses == 5, "stopped at the first check after the fifth status")
        #expect(outcome.interruption == nil)
        #expect(outcome.metadata.status == .complete)
        let episode = try EpisodeReader.open(outcome.directory)
        #expect(episode.status == .complete)
        #expect(!episode.frames.isEmpty)
        #expect(episode.verifyFrameFiles() == nil)
    }

    @Test("a recorder that cannot start is its own error, not a finalizing one")
    func cannotStart() {
        var options = Recorder.Options()
        options.display = ":987"
        do {
            _ = try RecordingSession.run(options, duration: nil, shouldStop: { true })
            Issue.record("a recording started on a display that does not answer")
        } catch {
            if case .finalizing = error { Issue.record("\(error)") }
            #expect(error.description.contains("cannot open X display \":987\""), "\(error)")
        }
    }
}
