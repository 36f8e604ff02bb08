import ArgumentParser
import Capture
import Foundation
import Gym

struct GymDemos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demos",
        abstract: "Record the scripted expert solving built-in tasks, one episode per run.",
        discussion: """
            Starts a private 480x480 X display (Xvfb) unless --display is given, then for
            each task and each of its seeds shows the task, records it with the recorder
            `mimic record` uses (XRecord input, screen grabs), lets the expert solve it
            through XTest, and keeps recording for --hold seconds so the last frames show
            the result. episode.json holds the task's name, seed and outcome. Episode i of
            each task uses seed --seed + i; demo seeds stay below 2^32, since evaluation
            uses 2^32 and up. Prints one line per episode: its folder, task, seed and
            outcome.

            Examples:
              mimic gym demos --task all --episodes 20 --out recordings/
              mimic dataset build recordings/ --out data/gym      # then train on them
              mimic gym demos --task click-color,press-key --episodes 50 --seed 1000
              mimic gym demos --task type-word --episodes 5 --display :99 --fps 15
            """
    )

    @Option(help: "A task, a comma-separated list of tasks, or all (see `mimic gym list`).")
    var task = "all"

    @Option(help: "Episodes per task.")
    var episodes = 10

    @Option(help: "Folder to put the episode folders in.")
    var out = "recordings"

    @Option(help: "Seed of each task's first episode; episode i uses seed + i (must stay below 2^32).")
    var seed: UInt64 = 0

    @Option(help: "X display to use (default: a private 480x480 Xvfb started for this run).")
    var display: String?

    @Option(help: "Screen grabs per second.")
    var fps: Double = 10

    @Option(help: "Seconds to keep recording after a task ended.")
    var hold: Double = 0.5

    @Option(help: "PNG encoder threads (default: one per core).")
    var encoders: Int?

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1") }
        let (end, overflow) = seed.addingReportingOverflow(UInt64(episodes))
        guard !overflow, end <= SeedRange.demonstrations.upperBound else {
            throw ValidationError("--seed \(seed) with --episodes \(episodes) reaches past 2^32: demonstration seeds must stay below it (evaluation uses 2^32 and up)")
        }
        guard fps > 0 && fps <= 60 else { throw ValidationError("--fps must be between 0 and 60, got \(fps)") }
        guard hold >= 0 && hold <= 10 else { throw ValidationError("--hold must be between 0 and 10 seconds") }
        if let encoders, encoders < 1 { throw ValidationError("--encoders must be at least 1") }
        do throws(GymError) { _ = try TaskCatalog.tasks(matching: task) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        signal(SIGXFSZ, SIG_IGN)
        let tasks = try libraryCall { () throws(GymError) in try TaskCatalog.tasks(matching: task) }
        var privateDisplay: PrivateDisplay?
        let displayName: String
        if let display {
            displayName = display
        } else {
            let started = try libraryCall { () throws(PrivateDisplayError) in
                try PrivateDisplay(width: TaskCanvas.defaultSize.width, height: TaskCanvas.defaultSize.height)
            }
            privateDisplay = started
            displayName = started.name
        }
        defer { privateDisplay?.stop() }

        var options = TaskRecorder.Options()
        options.outFolder = out
        options.fps = fps
        options.hold = hold
        if let encoders { options.encoders = encoders }
        options.recorderName = "mimic \(Mimic.version)"
        let recorder = try libraryCall { () throws(GymError) in try TaskRecorder(display: displayName, options: options) }
        defer { recorder.close() }  // before the private display stops (deferred above, so run after this)

        let stop = StopSignals()
        defer { stop.restore() }
        let progress = ProgressLine()
        let total = tasks.count * episodes
        var done = 0
        var tally: [String: (runs: Int, successes: Int, seconds: Double)] = [:]
        work: for task in tasks {
            for i in 0..<episodes {
                if stop.received { break work }
                let seed = self.seed + UInt64(i)
                progress.update(done: done, total: total, unit: "episodes", prefix: "gym demos: \(task.name) seed \(seed)  ")
                let result = try libraryCall { () throws(GymError) in try recorder.recordExpert(task, seed: seed) { stop.received } }
                done += 1
                var entry = tally[task.name] ?? (0, 0, 0)
                entry.runs += 1
                if result.outcome.succeeded { entry.successes += 1; entry.seconds += result.outcome.seconds }
                tally[task.name] = entry
                GymDemos.printLine("\(result.directory)  \(task.name)  seed \(seed)  \(result.outcome.label)")
            }
        }
        progress.finish("gym demos: \(done) of \(total) episodes recorded in \(out)")
        for task in tasks {
            guard let entry = tally[task.name] else { continue }
            let mean = entry.successes > 0 ? String(format: "%.2f s", entry.seconds / Double(entry.successes)) : "-"
            print("\(task.name): \(entry.successes)/\(entry.runs) succeeded, mean time to success \(mean)")
        }
        if stop.received { throw CommandFailure("stopped after \(done) of \(total) episodes; the last one is marked interrupted") }
        let failed = tally.values.reduce(0) { $0 + $1.runs - $1.successes }
        if failed > 0 { throw CommandFailure("\(failed) of \(done) demonstrations did not succeed (their outcome is in episode.json)") }
    }

    /// A line on stdout that does not collide with the live progress line on stderr.
    static func printLine(_ text: String) {
        if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(text)
        fflush(nil)
    }
}
