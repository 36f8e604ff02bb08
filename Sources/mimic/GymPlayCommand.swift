import ArgumentParser
import Foundation
import Gym

struct GymPlay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Show a built-in task on a display for a person (or `mimic record`) to try; prints the outcome.",
        discussion: """
            The task window opens at the display's top-left corner and takes the keyboard
            focus; it ends on success, on a wrong choice, after 3 clicks on nothing, at
            its time limit, or on Ctrl-C. --expert lets the scripted expert solve it while
            you watch; --random lets the random baseline flail at it.

            Examples:
              mimic gym play --task click-sequence                  # on $DISPLAY
              mimic gym play --task type-word --seed 12 --display :99
              mimic gym play --task drag-to-target --expert --display :99
              mimic gym play --task click-color --random --display :99
              mimic record --display :99 --out recordings/ &
              mimic gym play --task press-key --display :99
            """
    )

    @Option(help: "The task (see `mimic gym list`).")
    var task: String

    @Option(help: "The layout's seed (default: a random one, printed).")
    var seed: UInt64?

    @Option(help: "X display to show the task on (default: $DISPLAY).")
    var display: String?

    @Option(help: "Seconds before the run ends as a timeout (default: the task's own limit).")
    var timeLimit: Double?

    @Option(help: "Window size, WxH (at least 360x360).")
    var size = SizeArgument(argument: "480x480")!

    @Option(help: "Seconds the window stays up after the run ended, showing the result.")
    var linger: Double = 1.5

    @Flag(help: "Let the scripted expert solve the task.")
    var expert = false

    @Flag(help: "Let the random baseline act on the task.")
    var random = false

    func validate() throws {
        do throws(GymError) { _ = try TaskCatalog.task(named: task) } catch { throw ValidationError(error.description) }
        if let timeLimit, timeLimit <= 0 { throw ValidationError("--time-limit must be above 0") }
        let minimum = TaskCanvas.minimumSize
        guard size.size.width >= minimum.width, size.size.height >= minimum.height else {
            throw ValidationError("--size must be at least \(minimum), got \(size.size)")
        }
        guard !(expert && random) else { throw ValidationError("--expert and --random exclude each other") }
        guard linger >= 0 else { throw ValidationError("--linger must not be negative") }
    }

    func run() throws {
        let kind = try libraryCall { () throws(GymError) in try TaskCatalog.task(named: task) }
        let seed = self.seed ?? UInt64.random(in: SeedRange.demonstrations)
        var options = TaskSession.Options()
        options.timeLimit = timeLimit
        options.size = size.size
        let session = try libraryCall { () throws(GymError) in try TaskSession(kind, seed: seed, display: display, options: options) }
        print("\(kind.name) seed \(seed) on \(session.display): \(session.instruction) (time limit \(String(format: "%.0f", session.timeLimit)) s)")
        fflush(nil)
        let stop = StopSignals()
        defer { stop.restore() }
        var outcome: Outcome
        if expert {
            let player = try libraryCall { () throws(GymError) in try Expert(display: session.display) }
            defer { player.close() }
            outcome = try libraryCall { () throws(GymError) in try player.solve(session) { stop.received } }
        } else if random {
            let player = try libraryCall { () throws(GymError) in try RandomActor(display: session.display) }
            defer { player.close() }
            outcome = try libraryCall { () throws(GymError) in try player.play(session) { stop.received } }
        } else {
            while true {
                if let ended = session.waitForOutcome(seconds: 0.1) { outcome = ended; break }
                if stop.received { outcome = session.stop(); break }
            }
        }
        if outcome.kind != .stopped {
            let until = Date().addingTimeInterval(linger)
            while Date() < until && !stop.received { usleep(50_000) }
        }
        outcome = session.stop()
        print(outcome.description)
    }
}
