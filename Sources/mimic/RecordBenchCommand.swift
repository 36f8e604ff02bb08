import ArgumentParser
import Capture
import Episode
import Foundation
import Primitives
import Workloads

struct BenchRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Measure mimic record on a private 1080p display whose content changes every frame, against ffmpeg.",
        discussion: """
            Three phases on a private Xvfb (nothing touches your desktop):
              1. busy: the screen scrolls every frame while XTest sends pointer moves at
                 --events-per-second; `mimic record` (a child process) records it. Reports sustained
                 frames/s, CPU seconds per second, frames per CPU-second, MB/min, frames skipped,
                 events lost (every recorded move is checked against what was sent), how long
                 after its send each move's timestamp falls, and the recorder's resident memory
                 over time.
              2. the same screen recorded by `ffmpeg -f x11grab` writing PNG frames (zlib level 1,
                 no prediction), for the ratio of frames per CPU-second (needs ffmpeg:
                 apt-get install ffmpeg; skipped with a note when it is missing).
              (with --libpng) the same busy screen recorded by `mimic record --png-encoder libpng`
                 (zlib level 1, filter none), for the ratio of the fast encoder to libpng in this run.
              3. typical: a still desktop where about four characters a second are typed and the
                 pointer rests, gliding somewhere nearby every 3 s, for MB/min of an ordinary session.

            Targets (docs/recording.md): 30 frames/s sustained on <= 0.4 of a core (>= 1.2x
            ffmpeg's frames per CPU-second), no frame skipped, no event lost at 5,000 events/s (their stamps within 2 ms of the send),
            flat memory, <= 20 MB/min for a typical session at 1920x1080.

            Examples:
              swift build -c release && .build/release/mimic bench record
              .build/release/mimic bench record --seconds 600 --no-ffmpeg     # memory over 10 minutes
              .build/release/mimic bench record --libpng --no-typical        # fast PNG against libpng and ffmpeg
            """
    )

    @Option(help: "Seconds per phase.") var seconds: Double = 20
    @Option(help: "Screen width.") var width = 1920
    @Option(help: "Screen height.") var height = 1080
    @Option(help: "Frames per second to record (and to change the screen at).") var fps: Double = 30
    @Option(help: "Pointer moves per second sent during the busy phase.") var eventsPerSecond: Double = 5000
    @Flag(help: "Skip the ffmpeg comparison.") var noFfmpeg = false
    @Flag(help: "Skip the typical-session phase.") var noTypical = false
    @Flag(help: "Also record the busy screen with --png-encoder libpng (level 1), for the ratio to the fast encoder.") var libpng = false

    func run() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mimic-bench-record-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let self_ = try RecordBench.executablePath()
        // Ctrl-C ends the phase under way cleanly (its recorder and display stopped) and skips the rest.
        let stop = StopSignals()
        defer { stop.restore() }
        func stopIfAsked() throws { if stop.received { print("stopped: no figures"); throw ExitCode(130) } }
        print(String(format: "mimic bench record: %dx%d private Xvfb, %.0f s per phase, %.0f fps, %.0f pointer events/s",
                     width, height, seconds, fps, eventsPerSecond))

        let busy = try RecordBench.recordPhase(mimic: self_, width: width, height: height, seconds: seconds, fps: fps, mode: .busy,
                                              eventsPerSecond: eventsPerSecond, out: scratch + "/busy", stop: stop)
        try stopIfAsked()
        let busyLibpng = !libpng ? nil : try RecordBench.recordPhase(
            mimic: self_, width: width, height: height, seconds: seconds, fps: fps, mode: .busy, eventsPerSecond: eventsPerSecond,
            out: scratch + "/busy-libpng", recordArguments: ["--png-encoder", "libpng", "--png-level", "1"], stop: stop)
        try stopIfAsked()
        var ffmpeg: RecordBench.FFmpegResult?
        if !noFfmpeg {
            if let path = RecordBench.find("ffmpeg") {
                ffmpeg = try RecordBench.ffmpegPhase(ffmpeg: path, width: width, height: height, seconds: seconds, fps: fps, out: scratch + "/ffmpeg")
            } else {
                print("ffmpeg not found (apt-get install ffmpeg): comparison skipped")
            }
        }
        try stopIfAsked()
        let typical = noTypical ? nil : try RecordBench.recordPhase(mimic: self_, width: width, height: height, seconds: seconds, fps: fps,
                                                                   mode: .typical, eventsPerSecond: 0, out: scratch + "/typical", stop: stop)
        try stopIfAsked()

        print("")
        print("                          frames/s  CPU s/s  frames/CPU-s   MB/min  KB/PNG  skipped  events lost")
        for (name, result) in [("mimic record (fast PNG)  ", busy), ("mimic record (libpng l1) ", busyLibpng)] {
            guard let result else { continue }
            print(String(format: "%@ %8.1f  %7.2f  %12.1f  %7.0f  %6.0f  %7d  %d of %d", name, result.fps, result.cpuPerSecond,
                         result.framesPerCPUSecond, result.megabytesPerMinute, result.kilobytesPerPNG, result.skipped,
                         result.eventsLost, result.eventsSent))
        }
        if let ffmpeg {
            print(String(format: "ffmpeg x11grab (PNG l1)   %8.1f  %7.2f  %12.1f  %7.0f  %6.0f", ffmpeg.fps, ffmpeg.cpuPerSecond,
                         ffmpeg.framesPerCPUSecond, ffmpeg.megabytesPerMinute, ffmpeg.kilobytesPerPNG))
            print(String(format: "ratio of frames per CPU-second, mimic / ffmpeg: %.2fx", busy.framesPerCPUSecond / ffmpeg.framesPerCPUSecond))
        }
        if let busyLibpng {
            print(String(format: "ratio of frames per CPU-second, fast PNG / libpng: %.2fx", busy.framesPerCPUSecond / busyLibpng.framesPerCPUSecond))
        }
        if busy.coordinateMismatches > 0 { print("recorded moves at the wrong place: \(busy.coordinateMismatches)") }
        if !busy.stampLatenessMs.isEmpty {
            let sorted = busy.stampLatenessMs.sorted()
            print(String(format: "input event stamps minus send times (X stamps whole ms, so down to -1): median %.2f ms, p99 %.2f ms, max %.2f ms (target: within 2 ms)",
                         Statistics.median(sorted), Statistics.percentile(sorted: sorted, 0.99), sorted.last!))
        }
        print(String(format: "recorder resident memory: %.0f MB after 1 s, %.0f MB at most, %.0f MB at the end",
                     busy.residentMB.first ?? 0, busy.residentMB.max() ?? 0, busy.residentMB.last ?? 0))
        if let typical {
            print(String(format: "typical session (still desktop, typing, a glide every 3 s): %.1f MB/min, %.2f CPU s/s", typical.megabytesPerMinute, typical.cpuPerSecond))
        }
        print("targets: >= 30 frames/s on <= 0.40 CPU s/s, >= 1.2x ffmpeg, 0 skipped, 0 events lost, stamps within 2 ms, flat memory, <= 20 MB/min typical")
    }
}

/// The phases of `mimic bench record`.
enum RecordBench {
    struct RecordResult {
        var fps: Double
        var cpuPerSecond: Double
        var framesPerCPUSecond: Double
        var megabytesPerMinute: Double
        /// Mean size of the PNG files (full and partial frames).
        var kilobytesPerPNG: Double
        var skipped: Int
        var eventsSent: Int
        var eventsLost: Int
        var coordinateMismatches: Int
        /// For each recorded move: its stamp minus the time it was flushed to the server, in ms.
        var stampLatenessMs: [Double]
        var residentMB: [Double]
    }

    struct FFmpegResult {
        var fps: Double
        var cpuPerSecond: Double
        var framesPerCPUSecond: Double
        var megabytesPerMinute: Double
        var kilobytesPerPNG: Double
    }

    static func executablePath() throws -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func find(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func recordPhase(mimic: String, width: Int, height: Int, seconds: Double, fps: Double, mode: ScreenAnimator.Mode,
                            eventsPerSecond: Double, out: String, recordArguments: [String] = [], stop: StopSignals) throws -> RecordResult {
        let label = (mode == .busy ? "busy" : "typical") + (recordArguments.isEmpty ? "" : " (" + recordArguments.joined(separator: " ") + ")")
        let display = try PrivateDisplay(width: width, height: height)
        defer { display.stop() }  // also keeps the display alive until the phase ends
        let animator = try ScreenAnimator(display: display.name, mode: mode, fps: fps)
        // Busy: a storm of moves to check that none is lost. Typical: a pointer that rests and glides now and then.
        let storm = try MotionStorm(display: display.name, eventsPerSecond: mode == .busy ? eventsPerSecond : 0)
        let glides = mode == .typical ? try PointerGlides(display: display.name) : nil
        let recorder = try ChildProcess(path: mimic, arguments: ["record", "--display", display.name, "--out", out, "--fps", "\(fps)"] + recordArguments)
        // The recorder is live once its first event (the active window) is on disk.
        while !FileManager.default.fileExists(atPath: out) || (try? FileManager.default.contentsOfDirectory(atPath: out))?.first
            .flatMap({ FileManager.default.contents(atPath: out + "/" + $0 + "/events.jsonl") })?.contains(10) != true {
            guard recorder.isRunning else { throw CommandFailure("mimic record exited before recording (run it by hand to see why)") }
            usleep(20_000)
        }
        animator.start()
        storm.start()
        glides?.start()
        let progress = ProgressLine()
        var resident: [Double] = []
        let start = Date()
        while Date().timeIntervalSince(start) < seconds && !stop.received {
            usleep(200_000)
            let elapsed = Date().timeIntervalSince(start)
            if Int(elapsed * 5) % 5 == 0 || resident.isEmpty, let rss = residentMB(recorder.pid) { resident.append(rss) }
            progress.update(String(format: "%@: %.0f/%.0f s, %d moves sent", label, elapsed, seconds, storm.sent))
        }
        storm.stop()
        glides?.stop()
        animator.stop()
        recorder.send(SIGINT)
        let ended = recorder.wait()
        progress.finish(nil)
        guard ended.status == 0 else { throw CommandFailure("mimic record failed with status \(ended.status)") }

        let folder = try FileManager.default.contentsOfDirectory(atPath: out).sorted().last.map { out + "/" + $0 }!
        let episode = try EpisodeReader.open(folder)
        let duration = episode.durationMs / 1000
        let moves = episode.events.compactMap { e -> (position: (Int, Int), t: Double)? in
            if case .motion(let x, let y) = e.kind { return ((x, y), e.t) }
            return nil
        }
        // Walk the sent sequence: every recorded move must be the next one sent. A matched move's stamp,
        // on CLOCK_MONOTONIC, against when it was flushed to the server, is its timestamp's lateness.
        let sentAt = storm.sentNanoseconds
        let startNs = episode.metadata.monotonicStartNs
        var lateness: [Double] = []
        var matched = 0
        var mismatched = 0
        var next = 0
        for move in moves {
            var index: Int?
            if next < storm.sent, move.position == storm.position(next) {
                index = next
            } else {
                index = (next..<min(storm.sent, next + 1000)).first(where: { storm.position($0) == move.position })
            }
            guard let index else { mismatched += 1; continue }
            matched += 1
            next = index + 1
            if let startNs, index < sentAt.count {
                lateness.append((Double(startNs) + move.t * 1e6 - Double(sentAt[index])) / 1e6)
            }
        }
        let bytes = folderSize(folder)
        let frames = episode.frames.count
        return RecordResult(fps: Double(frames) / duration, cpuPerSecond: ended.cpuSeconds / duration,
                            framesPerCPUSecond: Double(frames) / ended.cpuSeconds,
                            megabytesPerMinute: Double(bytes) / 1e6 / duration * 60,
                            kilobytesPerPNG: Double(folderSize(folder + "/frames")) / 1e3 / Double(max(1, episode.metadata.counts.framesStored)),
                            skipped: episode.metadata.counts.framesSkipped, eventsSent: storm.sent,
                            eventsLost: storm.sent - matched, coordinateMismatches: mismatched, stampLatenessMs: lateness, residentMB: resident)
    }

    static func ffmpegPhase(ffmpeg: String, width: Int, height: Int, seconds: Double, fps: Double, out: String) throws -> FFmpegResult {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let display = try PrivateDisplay(width: width, height: height)
        defer { display.stop() }  // also keeps the display alive until the phase ends
        let animator = try ScreenAnimator(display: display.name, mode: .busy, fps: fps)
        animator.start()
        let progress = ProgressLine()
        progress.update("ffmpeg x11grab: \(Int(seconds)) s")
        let child = try ChildProcess(path: ffmpeg, arguments: [
            "-nostdin", "-loglevel", "error", "-f", "x11grab", "-framerate", "\(fps)", "-video_size", "\(width)x\(height)",
            "-i", display.name, "-t", "\(seconds)", "-c:v", "png", "-compression_level", "1", "-pred", "none", out + "/%06d.png",
        ])
        let ended = child.wait()
        animator.stop()
        progress.finish(nil)
        let frames = (try? FileManager.default.contentsOfDirectory(atPath: out))?.count ?? 0
        guard ended.status == 0, frames > 0 else { throw CommandFailure("ffmpeg failed (status \(ended.status))") }
        return FFmpegResult(fps: Double(frames) / seconds, cpuPerSecond: ended.cpuSeconds / seconds,
                            framesPerCPUSecond: Double(frames) / ended.cpuSeconds,
                            megabytesPerMinute: Double(folderSize(out)) / 1e6 / seconds * 60,
                            kilobytesPerPNG: Double(folderSize(out)) / 1e3 / Double(frames))
    }

    static func residentMB(_ pid: pid_t) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    static func folderSize(_ path: String) -> Int {
        guard let files = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let file as String in files {
            total += (try? FileManager.default.attributesOfItem(atPath: path + "/" + file)[.size] as? Int) ?? 0
        }
        return total
    }
}
