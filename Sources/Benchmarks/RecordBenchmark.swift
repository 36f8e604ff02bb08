import Capture
import Episode
import Foundation
import Primitives
import Workloads

/// `mimic bench record`: `mimic record` (a child process) on private Xvfb displays whose screen changes
/// every frame, against ffmpeg x11grab, and a typical session.
public enum RecordBenchmark {
    public struct Options: Sendable {
        /// Seconds per phase.
        public var seconds: Double = 20
        public var width = 1920
        public var height = 1080
        /// Frames per second to record (and to change the screen at).
        public var fps: Double = 30
        /// Pointer moves per second sent during the busy phase.
        public var eventsPerSecond: Double = 5000
        public var ffmpeg = true
        public var typical = true
        /// Also record the busy screen with `--png-encoder libpng` (level 1).
        public var libpng = false
        public init() {}
    }

    /// What the benchmark reports while it runs.
    public enum Progress: Sendable {
        /// The phase under way, for a status line.
        case status(String)
        /// The phase under way has ended (its status line is done).
        case phaseEnded
        /// A line to print now.
        case note(String)
    }

    public struct Figures: Sendable {
        public var busy: RecordResult
        public var busyLibpng: RecordResult?
        public var ffmpeg: FFmpegResult?
        public var typical: RecordResult?
        public init(busy: RecordResult, busyLibpng: RecordResult? = nil, ffmpeg: FFmpegResult? = nil, typical: RecordResult? = nil) {
            self.busy = busy; self.busyLibpng = busyLibpng; self.ffmpeg = ffmpeg; self.typical = typical
        }
    }

    public static func headerLine(_ o: Options) -> String {
        String(format: "mimic bench record: %dx%d private Xvfb, %.0f s per phase, %.0f fps, %.0f pointer events/s",
               o.width, o.height, o.seconds, o.fps, o.eventsPerSecond)
    }

    /// Runs the phases with the `mimic` executable at `mimic`, in `scratch`; nil when `shouldStop` said so
    /// (the phase under way ends cleanly, its recorder and display stopped, and the rest are skipped).
    public static func run(_ o: Options, mimic: String, scratch: String, shouldStop: () -> Bool,
                           progress: (Progress) -> Void) throws -> Figures? {
        let busy = try recordPhase(mimic: mimic, width: o.width, height: o.height, seconds: o.seconds, fps: o.fps, mode: .busy,
                                   eventsPerSecond: o.eventsPerSecond, out: scratch + "/busy", shouldStop: shouldStop, progress: progress)
        if shouldStop() { return nil }
        var figures = Figures(busy: busy)
        if o.libpng {
            figures.busyLibpng = try recordPhase(
                mimic: mimic, width: o.width, height: o.height, seconds: o.seconds, fps: o.fps, mode: .busy, eventsPerSecond: o.eventsPerSecond,
                out: scratch + "/busy-libpng", recordArguments: ["--png-encoder", "libpng", "--png-level", "1"], shouldStop: shouldStop, progress: progress)
            if shouldStop() { return nil }
        }
        if o.ffmpeg {
            if let path = find("ffmpeg") {
                figures.ffmpeg = try ffmpegPhase(ffmpeg: path, width: o.width, height: o.height, seconds: o.seconds, fps: o.fps,
                                                 out: scratch + "/ffmpeg", progress: progress)
            } else {
                progress(.note("ffmpeg not found (apt-get install ffmpeg): comparison skipped"))
            }
            if shouldStop() { return nil }
        }
        if o.typical {
            figures.typical = try recordPhase(mimic: mimic, width: o.width, height: o.height, seconds: o.seconds, fps: o.fps, mode: .typical,
                                              eventsPerSecond: 0, out: scratch + "/typical", shouldStop: shouldStop, progress: progress)
            if shouldStop() { return nil }
        }
        return figures
    }

    /// The table and the figures against the targets (starting with an empty line).
    public static func lines(_ f: Figures) -> [String] {
        var lines = ["", "                          frames/s  CPU s/s  frames/CPU-s   MB/min  KB/PNG  skipped  events lost"]
        for (name, result) in [("mimic record (fast PNG)  ", f.busy), ("mimic record (libpng l1) ", f.busyLibpng)] {
            guard let result else { continue }
            lines.append(String(format: "%@ %8.1f  %7.2f  %12.1f  %7.0f  %6.0f  %7d  %d of %d", name, result.fps, result.cpuPerSecond,
                                result.framesPerCPUSecond, result.megabytesPerMinute, result.kilobytesPerPNG, result.skipped,
                                result.eventsLost, result.eventsSent))
        }
        if let ffmpeg = f.ffmpeg {
            lines.append(String(format: "ffmpeg x11grab (PNG l1)   %8.1f  %7.2f  %12.1f  %7.0f  %6.0f", ffmpeg.fps, ffmpeg.cpuPerSecond,
                                ffmpeg.framesPerCPUSecond, ffmpeg.megabytesPerMinute, ffmpeg.kilobytesPerPNG))
            lines.append(String(format: "ratio of frames per CPU-second, mimic / ffmpeg: %.2fx", f.busy.framesPerCPUSecond / ffmpeg.framesPerCPUSecond))
        }
        if let libpng = f.busyLibpng {
            lines.append(String(format: "ratio of frames per CPU-second, fast PNG / libpng: %.2fx", f.busy.framesPerCPUSecond / libpng.framesPerCPUSecond))
        }
        if f.busy.coordinateMismatches > 0 { lines.append("recorded moves at the wrong place: \(f.busy.coordinateMismatches)") }
        if !f.busy.stampLatenessMs.isEmpty {
            let sorted = f.busy.stampLatenessMs.sorted()
            lines.append(String(format: "input event stamps minus send times (X stamps whole ms, so down to -1): median %.2f ms, p99 %.2f ms, max %.2f ms (target: within 2 ms)",
                                Statistics.median(sorted), Statistics.percentile(sorted: sorted, 0.99), sorted.last!))
        }
        lines.append(String(format: "recorder resident memory: %.0f MB after 1 s, %.0f MB at most, %.0f MB at the end",
                            f.busy.residentMB.first ?? 0, f.busy.residentMB.max() ?? 0, f.busy.residentMB.last ?? 0))
        if let typical = f.typical {
            lines.append(String(format: "typical session (still desktop, typing, a glide every 3 s): %.1f MB/min, %.2f CPU s/s", typical.megabytesPerMinute, typical.cpuPerSecond))
        }
        lines.append("targets: >= 30 frames/s on <= 0.40 CPU s/s, >= 1.2x ffmpeg, 0 skipped, 0 events lost, stamps within 2 ms, flat memory, <= 20 MB/min typical")
        return lines
    }

    public struct RecordResult: Sendable {
        public var fps: Double
        public var cpuPerSecond: Double
        public var framesPerCPUSecond: Double
        public var megabytesPerMinute: Double
        /// Mean size of the PNG files (full and partial frames).
        public var kilobytesPerPNG: Double
        public var skipped: Int
        public var eventsSent: Int
        public var eventsLost: Int
        public var coordinateMismatches: Int
        /// For each recorded move: its stamp minus the time it was flushed to the server, in ms.
        public var stampLatenessMs: [Double]
        public var residentMB: [Double]
        public init(fps: Double, cpuPerSecond: Double, framesPerCPUSecond: Double, megabytesPerMinute: Double, kilobytesPerPNG: Double,
                    skipped: Int, eventsSent: Int, eventsLost: Int, coordinateMismatches: Int, stampLatenessMs: [Double], residentMB: [Double]) {
            self.fps = fps; self.cpuPerSecond = cpuPerSecond; self.framesPerCPUSecond = framesPerCPUSecond
            self.megabytesPerMinute = megabytesPerMinute; self.kilobytesPerPNG = kilobytesPerPNG; self.skipped = skipped
            self.eventsSent = eventsSent; self.eventsLost = eventsLost; self.coordinateMismatches = coordinateMismatches
            self.stampLatenessMs = stampLatenessMs; self.residentMB = residentMB
        }
    }

    public struct FFmpegResult: Sendable {
        public var fps: Double
        public var cpuPerSecond: Double
        public var framesPerCPUSecond: Double
        public var megabytesPerMinute: Double
        public var kilobytesPerPNG: Double
        public init(fps: Double, cpuPerSecond: Double, framesPerCPUSecond: Double, megabytesPerMinute: Double, kilobytesPerPNG: Double) {
            self.fps = fps; self.cpuPerSecond = cpuPerSecond; self.framesPerCPUSecond = framesPerCPUSecond
            self.megabytesPerMinute = megabytesPerMinute; self.kilobytesPerPNG = kilobytesPerPNG
        }
    }

    /// The first executable `program` on PATH.
    public static func find(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func recordPhase(mimic: String, width: Int, height: Int, seconds: Double, fps: Double, mode: ScreenAnimator.Mode,
                            eventsPerSecond: Double, out: String, recordArguments: [String] = [], shouldStop: () -> Bool,
                            progress: (Progress) -> Void) throws -> RecordResult {
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
            guard recorder.isRunning else { throw BenchmarkError.programExitedEarly(program: "mimic record") }
            usleep(20_000)
        }
        animator.start()
        storm.start()
        glides?.start()
        var resident: [Double] = []
        let start = Date()
        while Date().timeIntervalSince(start) < seconds && !shouldStop() {
            usleep(200_000)
            let elapsed = Date().timeIntervalSince(start)
            if Int(elapsed * 5) % 5 == 0 || resident.isEmpty, let rss = residentMB(recorder.pid) { resident.append(rss) }
            progress(.status(String(format: "%@: %.0f/%.0f s, %d moves sent", label, elapsed, seconds, storm.sent)))
        }
        storm.stop()
        glides?.stop()
        animator.stop()
        recorder.send(SIGINT)
        let ended = recorder.wait()
        progress(.phaseEnded)
        guard ended.status == 0 else { throw BenchmarkError.programFailed(program: "mimic record", status: ended.status) }

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

    static func ffmpegPhase(ffmpeg: String, width: Int, height: Int, seconds: Double, fps: Double, out: String,
                            progress: (Progress) -> Void) throws -> FFmpegResult {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let display = try PrivateDisplay(width: width, height: height)
        defer { display.stop() }  // also keeps the display alive until the phase ends
        let animator = try ScreenAnimator(display: display.name, mode: .busy, fps: fps)
        animator.start()
        progress(.status("ffmpeg x11grab: \(Int(seconds)) s"))
        let child = try ChildProcess(path: ffmpeg, arguments: [
            "-nostdin", "-loglevel", "error", "-f", "x11grab", "-framerate", "\(fps)", "-video_size", "\(width)x\(height)",
            "-i", display.name, "-t", "\(seconds)", "-c:v", "png", "-compression_level", "1", "-pred", "none", out + "/%06d.png",
        ])
        let ended = child.wait()
        animator.stop()
        progress(.phaseEnded)
        let frames = (try? FileManager.default.contentsOfDirectory(atPath: out))?.count ?? 0
        guard ended.status == 0, frames > 0 else { throw BenchmarkError.programFailed(program: "ffmpeg", status: ended.status) }
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
