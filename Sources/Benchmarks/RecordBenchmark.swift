import Foundation
import Primitives

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
}
