import ArgumentParser
import Benchmarks
import Foundation

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
        // This very executable records; /proc/self/exe names it whatever the working directory.
        let mimic = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var options = RecordBenchmark.Options()
        options.seconds = seconds
        options.width = width
        options.height = height
        options.fps = fps
        options.eventsPerSecond = eventsPerSecond
        options.ffmpeg = !noFfmpeg
        options.typical = !noTypical
        options.libpng = libpng
        // Ctrl-C ends the phase under way cleanly (its recorder and display stopped) and skips the rest.
        let stop = StopSignals()
        defer { stop.restore() }
        print(RecordBenchmark.headerLine(options))
        var progress = ProgressLine()
        let figures = try libraryCall {
            try RecordBenchmark.run(options, mimic: mimic, scratch: scratch, shouldStop: { stop.received }) { event in
                switch event {
                case .status(let text): progress.update(text)
                case .phaseEnded: progress.finish(nil); progress = ProgressLine()
                case .note(let text): print(text)
                }
            }
        }
        guard let figures else { print("stopped: no figures"); throw ExitCode(130) }
        RecordBenchmark.lines(figures).forEach { print($0) }
    }
}
