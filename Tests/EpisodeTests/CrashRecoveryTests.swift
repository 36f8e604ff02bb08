import Episode
import Foundation
import Testing
import TestSupport

@Suite("Crash recovery")
struct CrashRecoveryTests {
    /// Starts a writer in a child process, waits until it reports `flushes` flushes, lets it run on
    /// for `extraMicroseconds`, then SIGKILLs it. Returns what it reported last.
    func killWriter(at dir: String, flushes: Int, extraMicroseconds: UInt32) throws -> (events: Int, frames: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.fixtures)
        process.arguments = ["write-episode", dir]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var reported = (events: 0, frames: 0)
        var seen = 0
        var buffer = ""
        let handle = pipe.fileHandleForReading
        while seen < flushes {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            while let newline = buffer.firstIndex(of: "\n") {
                let parts = buffer[..<newline].split(separator: " ")
                buffer = String(buffer[buffer.index(after: newline)...])
                if parts.count == 3, parts[0] == "flushed", let e = Int(parts[1]), let f = Int(parts[2]) {
                    reported = (e, f)
                    seen += 1
                }
            }
        }
        usleep(extraMicroseconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        return reported
    }

    @Test("a writer killed with SIGKILL leaves a readable, interrupted episode with everything flushed",
          arguments: [(3, UInt32(0)), (10, 1_000), (25, 37_000), (40, 150_000)])
    func sigkill(flushes: Int, extra: UInt32) throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let reported = try killWriter(at: dir, flushes: flushes, extraMicroseconds: extra)
        #expect(reported.events > 0)

        let episode = try EpisodeReader.open(dir)
        guard case .interrupted = episode.status else {
            Issue.record("expected interrupted, got \(episode.status)")
            return
        }
        // Everything flushed before the kill is there, and what is there is exactly what was written.
        #expect(episode.events.count >= reported.events)
        #expect(episode.frames.count >= reported.frames)
        for (k, event) in episode.events.enumerated() where event != SyntheticEpisode.event(k) {
            Issue.record("event \(k) differs: \(event)")
            break
        }
        for (n, frame) in episode.frames.enumerated() {
            #expect(try episode.loadFrame(frame) == SyntheticEpisode.frame(n), "frame \(n)")
        }
        #expect(episode.verifyFrameFiles() == nil)
    }
}
