import Capture
import Episode
import Foundation
import Testing
import TestSupport

@Suite("Recorder failures and bad input", .serialized)
struct RecorderFailureTests {
    func record(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = environment
        env["DISPLAY"] = env["DISPLAY"] ?? ""
        return try run(BuiltProducts.mimic, ["record", "--duration", "1s"] + arguments, environment: env)
    }

    @Test("no DISPLAY: a clear error and a non-zero exit")
    func noDisplay() throws {
        let folder = TemporaryFolder()
        let result = try record(["--out", folder.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no X display"))
    }

    @Test("a display that does not answer is named in the error")
    func deadDisplay() throws {
        let folder = TemporaryFolder()
        let result = try record(["--display", ":987", "--out", folder.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot open X display \":987\""))
    }

    @Test("a server without RECORD or XFIXES is refused, naming the extension", arguments: ["RECORD", "XFIXES"])
    func missingExtension(name: String) throws {
        let xvfb = try PrivateDisplay(width: 320, height: 240, disabling: [name])
        let folder = TemporaryFolder()
        let result = try record(["--display", xvfb.name, "--out", folder.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("lacks the \(name) extension"), "\(result.stderr)")
    }

    @Test("without MIT-SHM it warns and records with XGetImage")
    func noSharedMemory() throws {
        let xvfb = try PrivateDisplay(width: 320, height: 240, disabling: ["MIT-SHM"])
        let folder = TemporaryFolder()
        let result = try record(["--display", xvfb.name, "--out", folder.path, "--fps", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("no shared memory"))
        let episode = try EpisodeReader.open(result.stdout.split(separator: "\n").first.map(String.init) ?? "")
        #expect(episode.frames.count >= 3)
        #expect(episode.verifyFrameFiles() == nil)
    }

    @Test("an output path that cannot be a folder: a clear error, nothing recorded")
    func unwritableFolder() throws {
        let display = try PrivateDisplay(width: 160, height: 120)
        let folder = TemporaryFolder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("plain-file")))
        let result = try record(["--display", display.name, "--out", folder.file("plain-file")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("plain-file"))
    }

    @Test("frames use the fast PNG encoder unless libpng is asked for, episode.json says which, and a level for the fast encoder is refused")
    func pngEncoders() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let cases: [([String], EpisodeMetadata.PNGSettings)] = [
            ([], .init(encoder: "fast", level: nil, filter: "none")),
            (["--png-encoder", "libpng"], .init(encoder: "libpng", level: 1, filter: "none")),
            (["--png-level", "6"], .init(encoder: "libpng", level: 6, filter: "none")),
        ]
        for (arguments, expected) in cases {
            let folder = TemporaryFolder()
            let result = try record(["--display", display.name, "--out", folder.path, "--fps", "10"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let path = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
            let episode = try EpisodeReader.open(folder.path + "/" + path)
            #expect(episode.metadata.png == expected, "\(arguments)")
            let first = try #require(episode.frames.first)
            let image = try episode.loadFrame(first)
            #expect(image.width == 320 && image.height == 240, "\(arguments)")
        }
        let folder = TemporaryFolder()
        let refused = try record(["--display", display.name, "--out", folder.path, "--png-encoder", "fast", "--png-level", "1"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--png-level"), "\(refused.stderr)")
    }

    @Test("a full disk stops the recording, which is finalized as interrupted with the reason")
    func fullDisk() throws {
        let display = try PrivateDisplay(width: 640, height: 480)
        let window = try FixtureProcess(["event-window", display.name])
        #expect(window.readLine(containing: "ready") != nil)
        window.send("noise 1")
        _ = window.readLine(containing: "noise")
        let folder = TemporaryFolder()
        // A file-size limit makes writes of large files fail as a full disk would (EFBIG).
        let result = try run("/bin/bash", ["-c", "ulimit -f 200; exec \"$0\" record --display \(display.name) --out \(folder.path) --fps 10 --duration 20s --png-level 0",
                                           BuiltProducts.mimic], environment: ["DISPLAY": ""])
        #expect(result.status != 0)
        #expect(result.stderr.contains("write failed"), "\(result.stderr)")
        let path = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let episode = try EpisodeReader.open(folder.path + "/" + path)
        guard case .interrupted(let reason) = episode.status else {
            Issue.record("expected interrupted, got \(episode.status)")
            return
        }
        #expect(reason.contains("write failed"))
        _ = window.finish()
    }

    @Test("a recorder killed with SIGKILL leaves a readable, interrupted episode")
    func sigkill() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "20"])
        try xdotool(display.name, ["mousemove", "10", "10", "mousemove", "20", "20", "click", "1", "type", "abc"])
        usleep(400_000)  // beyond the 100 ms flush interval
        let result = recorder.stop(signal: SIGKILL)
        #expect(result.status != 0)
        let episode = try EpisodeReader.open(try #require(recorder.episode))
        guard case .interrupted = episode.status else {
            Issue.record("expected interrupted, got \(episode.status)")
            return
        }
        let keys = episode.events.compactMap { e -> String? in
            if case .keyDown(let k) = e.kind { return k.keysym }
            return nil
        }
        #expect(keys == ["a", "b", "c"])
        #expect(episode.frames.count >= 2)
        #expect(episode.verifyFrameFiles() == nil)
    }
}
