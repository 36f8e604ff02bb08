import ArgumentParser
import Capture
import Episode
import Foundation
import Imaging

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record an X11 session: the screen and every keyboard and mouse event.",
        discussion: """
            Records until Ctrl-C, SIGTERM or --duration, then finalizes the episode and prints its
            folder. Frames are full-screen PNGs with the mouse cursor drawn in; a frame identical to
            the one before is stored as a reference. Input comes from the RECORD extension, so
            nothing is grabbed from your applications. See docs/episode-format.md.

            Examples:
              mimic record                                   # your desktop ($DISPLAY), until Ctrl-C
              mimic record --duration 60s --instruction "rename the file"
              Xvfb :99 -screen 0 1280x720x24 & mimic record --display :99 --fps 10
              mimic record --redact-keys                     # passwords: store printable keys as "redacted"
              mimic record --png-encoder libpng              # libpng, not the fast PNG encoder
            """
    )

    @Option(help: "X display to record (default: $DISPLAY).")
    var display: String?

    @Option(help: "Folder to put the episode folder in.")
    var out = "recordings"

    @Option(help: "Screen grabs per second.")
    var fps: Double = 30

    @Option(help: "Stop after this long: 90, 90s, 5m or 1h.")
    var duration: DurationArgument?

    @Option(help: "What the person is doing, stored with the episode.")
    var instruction: String?

    @Flag(help: "Store printable key presses as the keysym \"redacted\" (timing and modifiers kept).")
    var redactKeys = false

    @Option(help: ArgumentHelp("PNG encoder: fast (Mimic's own, made for screens) or libpng.",
                               discussion: "Default fast; libpng when only --png-level is given. See docs/png-encoder.md."))
    var pngEncoder: PNGEncoding.Encoder?

    @Option(help: "libpng's zlib level 0-9 (implies --png-encoder libpng; default 1).")
    var pngLevel: Int?

    @Option(help: "PNG encoder threads (default: one per core).")
    var encoders: Int?

    func validate() throws {
        guard fps > 0 && fps <= 240 else { throw ValidationError("--fps must be between 0 and 240, got \(fps)") }
        if let pngLevel {
            guard (0...9).contains(pngLevel) else { throw ValidationError("--png-level must be 0...9, got \(pngLevel)") }
            guard pngEncoder != .fast else { throw ValidationError("--png-level is libpng's zlib level: the fast encoder has none (drop it, or use --png-encoder libpng)") }
        }
        if let encoders, encoders < 1 { throw ValidationError("--encoders must be at least 1") }
    }

    func run() throws {
        var options = Recorder.Options()
        options.display = display
        options.outFolder = out
        options.fps = fps
        options.instruction = instruction
        options.redactKeys = redactKeys
        options.png = pngEncoder == .fast || (pngEncoder == nil && pngLevel == nil) ? .default : .libpng(level: pngLevel ?? 1)
        if let encoders { options.encoders = encoders }
        options.recorderName = "mimic \(Mimic.version)"
        let outcome = try RecordSession.run(options, duration: duration?.seconds)
        print(outcome.directory)
        print(outcome.summary)
        if let reason = outcome.interruption { throw CommandFailure("recording stopped early: \(reason)") }
    }
}

/// A recording from the command line: live status line, Ctrl-C/SIGTERM, and the summary printed after.
enum RecordSession {
    struct Outcome {
        var directory: String
        var summary: String
        var interruption: String?
    }

    static func run(_ options: Recorder.Options, duration: Double?, quiet: Bool = false) throws -> Outcome {
        let stop = StopSignals()
        let progress = ProgressLine()
        var last: Recorder?
        let outcome: RecordingSession.Outcome
        do throws(RecorderError) {
            outcome = try RecordingSession.run(options, duration: duration, shouldStop: { stop.received }, started: { recorder in
                last = recorder
                if !quiet && !recorder.usesSharedMemory {
                    FileHandle.standardError.write(Data("warning: the X server offers no shared memory (MIT-SHM); grabbing with XGetImage, which is slower\n".utf8))
                }
            }, status: { s in
                if !quiet { progress.update(statusLine(s)) }
            })
        } catch {
            if case .finalizing = error { progress.finish(nil) }
            throw CommandFailure(error.description)
        }
        if !quiet, let last { progress.finish(statusLine(last.stats)) }
        stop.restore()
        let metadata = outcome.metadata
        let c = metadata.counts
        let summary = String(format: "%@: %.1f s, %d frames (%d stored, %d identical, %d skipped), %d events",
                             metadata.status.rawValue, (metadata.durationMs ?? 0) / 1000, c.frames, c.framesStored,
                             c.framesDeduplicated, c.framesSkipped, c.events)
        return Outcome(directory: outcome.directory, summary: summary, interruption: outcome.interruption)
    }

    static func statusLine(_ s: Recorder.Stats) -> String {
        let seconds = s.elapsedMs / 1000
        let fps = seconds > 0 ? Double(s.stored + s.deduplicated) / seconds : 0
        return String(format: "recording %@  frames %d grabbed, %d stored, %d identical, %d skipped  events %d  %.1f fps  %.1f MB",
                      ProgressLine.duration(seconds), s.grabbed, s.stored, s.deduplicated, s.skipped, s.events, fps,
                      Double(s.bytesWritten) / 1_000_000)
    }
}

/// "90", "90s", "5m", "1h", "250ms" as seconds.
struct DurationArgument: ExpressibleByArgument {
    let seconds: Double

    /// A number of seconds ("90"), or numbers each with a unit, ms, s, m or h ("500ms", "1.5s", "12m",
    /// "7m30s", "1h05m"): also the form progress lines and defaults are printed in.
    init?(argument: String) {
        if let value = Double(argument) {
            guard value > 0 else { return nil }
            seconds = value
            return
        }
        let units: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600]
        var total = 0.0
        var rest = Substring(argument)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let unit = rest.dropFirst(number.count).prefix { $0.isLetter }
            guard let value = Double(number), let scale = units[String(unit)] else { return nil }
            total += value * scale
            rest = rest.dropFirst(number.count + unit.count)
        }
        guard total > 0 else { return nil }
        seconds = total
    }
}

extension PNGEncoding.Encoder: ExpressibleByArgument {}
