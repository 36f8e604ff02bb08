import ArgumentParser
import Control
import Episode
import Foundation
import Replay

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send a recorded episode's input to a display again, on its recorded timing.",
        discussion: """
            Injects the episode's pointer motion, buttons and keys through XTEST at their recorded
            times (divided by --speed), each at its own deadline on the monotonic clock. Keys are
            typed by keysym on the target display's keymap, with the shift level each needs; a
            keysym the keymap lacks is bound to a spare keycode for the replay. Ctrl-C, SIGTERM or
            an error releases every key and button the replay pressed. At the end it prints how
            late events left (p50/p99/max of sent − scheduled). See docs/replay.md.

            The display's screen must be the size the episode was recorded at, unless --scale.
            --verify grabs the screen after the last event (once it stops changing) and prints its
            similarity to the episode's last frame: the share of pixels that match.

            Exit status: 0 when every event was sent (and, with --min-similarity, the screen
            matched); 1 on an error or when stopped early; 3 when the similarity is below
            --min-similarity.

            Examples:
              mimic replay recordings/2026-11-29T12-00-00Z-a1b2 --display :99
              mimic replay recordings/2026-11-29T12-00-00Z-a1b2 --dry-run | less
              mimic replay <episode> --display :99 --from 12s --to 40s --speed 2
              mimic replay <episode> --display :99 --verify --min-similarity 0.99 --diff diff.png
            """
    )

    @Argument(help: "The episode folder (one of recordings/*).")
    var episode: String

    @Option(help: "X display to replay onto (default: $DISPLAY).")
    var display: String?

    @Option(help: "Playback speed: 2 is twice as fast, 0.5 half as fast.")
    var speed: Double = 1

    @Option(help: "Start at this point of the episode: 12s, 1m, 250ms.")
    var from: DurationArgument?

    @Option(help: "Stop at this point of the episode.")
    var to: DurationArgument?

    @Flag(help: "Print what would be sent, with times, and send nothing.")
    var dryRun = false

    @Flag(help: "Map coordinates proportionally when the display's screen size differs from the episode's.")
    var scale = false

    @Flag(help: "After the last event, compare the screen with the episode's last frame.")
    var verify = false

    @Option(help: "With --verify: exit with status 3 when the similarity (0-1) is below this.")
    var minSimilarity: Double?

    @Option(help: "With --verify: write an image of where the screens differ (PNG).")
    var diff: String?

    @Option(help: "With --verify: how long to wait for the screen to stop changing.")
    var settle: DurationArgument?

    func validate() throws {
        guard speed > 0 && speed <= 1000 else { throw ValidationError("--speed must be above 0 and at most 1000, got \(speed)") }
        if let minSimilarity, !(0...1).contains(minSimilarity) {
            throw ValidationError("--min-similarity is a share of matching pixels, 0 to 1; got \(minSimilarity)")
        }
        if let from, let to, from.seconds >= to.seconds { throw ValidationError("--from must be before --to") }
        if dryRun && (verifying || settle != nil) { throw ValidationError("--dry-run sends nothing, so there is nothing to verify") }
    }

    private var verifying: Bool { verify || minSimilarity != nil || diff != nil }

    private var options: ReplayOptions {
        ReplayOptions(speed: speed, from: from.map { $0.seconds * 1000 }, to: to.map { $0.seconds * 1000 }, scale: scale,
                      displayLabel: display ?? ProcessInfo.processInfo.environment["DISPLAY"] ?? "(none)")
    }

    func run() throws {
        let contents = try libraryCall { () throws(EpisodeError) in try EpisodeReader.open(episode) }
        if contents.status == .recording {
            warn("the episode is still being recorded; replaying what is written so far")
        }
        if dryRun { return try dryRun(contents) }

        let session = try libraryCall { () throws(ReplayError) in try ReplaySession(episode: contents, options: options, display: display) }
        let plan = session.plan, injector = session.injector
        reportSkipped(plan)
        let stop = StopSignals()
        defer { stop.restore() }
        let strokes = try libraryCall { () throws(ReplayError) in try session.prepareKeys() }
        for stroke in strokes where stroke.boundToSpareKeycode {
            note("\(stroke.keysym) is not in the keymap of \(injector.displayName); bound to spare keycode \(stroke.keycode) for this replay")
        }

        FileHandle.standardError.write(Data(String(format: "replaying %@ onto %@: %d events over %.1f s%@\n", contents.directory,
                                                   injector.displayName, plan.steps.count, plan.duration / 1000,
                                                   speed == 1 ? "" : String(format: " (speed %g)", speed)).utf8))
        if stop.received { throw CommandFailure("stopped by a signal before the replay started; nothing was sent") }
        let progress = ProgressLine()
        let (report, last) = session.run(shouldStop: { stop.received }) { progress.update(statusLine($0, plan)) }
        progress.finish(statusLine(last, plan))
        print("timing: \(report.timing)")
        if !report.releasedAtEnd.keys.isEmpty || !report.releasedAtEnd.buttons.isEmpty {
            let keys = report.releasedAtEnd.keys.map { "key \($0)" }, buttons = report.releasedAtEnd.buttons.map { "button \($0)" }
            print("released at the end: " + (keys + buttons).joined(separator: ", "))
        }
        if let reason = report.stoppedEarly {
            session.close()
            throw CommandFailure("replay stopped after \(report.sent) of \(report.total) events: \(reason); every key and button it pressed was released")
        }

        var verdict: ScreenVerifier.Outcome?
        if verifying {
            verdict = try libraryCall { () throws(ReplayError) in try verifyScreen(contents, plan, display: injector.displayName) }
        } else {
            session.letClientsReadKeymap()
        }
        session.close()
        if let verdict, let minSimilarity, verdict.comparison.similarity < minSimilarity {
            FileHandle.standardError.write(Data(String(format: "Error: similarity to the recorded frame %.4f is below --min-similarity %g\n",
                                                       verdict.comparison.similarity, minSimilarity).utf8))
            throw ExitCode(3)
        }
    }

    private func verifyScreen(_ contents: EpisodeContents, _ plan: ReplayPlan, display: String) throws(ReplayError) -> ScreenVerifier.Outcome {
        guard let frame = ScreenVerifier.referenceFrame(contents, plan: plan, cutAtEnd: to != nil) else {
            throw .noFrameToCompare(episode: contents.directory)
        }
        let outcome = try ScreenVerifier.verify(episode: contents, frame: frame, display: display,
                                                settle: settle?.seconds ?? 3)
        let c = outcome.comparison
        print(String(format: "verify: similarity %.4f (%d of %d pixels differ, mean difference %.2f/255) against frame %d at %.3f s",
                     c.similarity, c.differingPixels, c.totalPixels, c.meanAbsoluteDifference, frame.index, frame.t / 1000))
        if outcome.stillChanging { warn("the screen was still changing when --settle ran out") }
        if let diff {
            try ScreenVerifier.writeDiff(c, to: diff)
            print("diff: \(diff) (red: pixels that differ)")
        }
        return outcome
    }

    private func dryRun(_ contents: EpisodeContents) throws {
        var injector: InputInjector?
        do {
            injector = try InputInjector(display: display)
        } catch {
            note("no display to look keys up on (\(error)); keycodes are not shown")
        }
        let plan = try libraryCall { () throws(ReplayError) in
            try ReplayPlan(episode: contents, options: options, target: injector.map { ($0.screenWidth, $0.screenHeight) })
        }
        reportSkipped(plan)
        if let p = plan.startPointer { print("   start                      move \(p.x),\(p.y) (where the pointer was at --from)") }
        var out = ""
        for step in plan.steps {
            var line = String(format: "%8.3f s  (t %8.3f s)  ", step.at / 1000, step.t / 1000) + step.action.description
            if case .keyDown(let keysym, let keycode) = step.action, let injector {
                if let stroke = try? injector.stroke(for: keysym, preferring: keycode) {
                    line += ": keycode \(stroke.keycode)" + (stroke.level > 0 ? ", level \(stroke.level + 1)" : "")
                } else {
                    line += ": not in the keymap, would be bound to a spare keycode"
                }
            }
            out += line + "\n"
            if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
        }
        print(out, terminator: "")
        print(String(format: "dry run: %d events over %.3f s%@; nothing was sent", plan.steps.count, plan.duration / 1000,
                     injector.map { " for display \($0.displayName)" } ?? ""))
    }

    private func reportSkipped(_ plan: ReplayPlan) {
        guard !plan.skipped.isEmpty else { return }
        var byReason: [String: Int] = [:]
        for skip in plan.skipped { byReason[skip.reason, default: 0] += 1 }
        for (reason, count) in byReason.sorted(by: { $0.key < $1.key }) {
            warn("\(count) event(s) cannot be sent and are skipped: \(reason)")
        }
    }

    private func statusLine(_ p: Replay.Progress, _ plan: ReplayPlan) -> String {
        String(format: "replaying %.1f/%.1f s  %d/%d events  late now %@, worst %@", (p.episodeTime - plan.start) / 1000,
               (plan.end - plan.start) / 1000, p.sent, p.total, TimingSummary.ms(p.lastError), TimingSummary.ms(p.worstError))
    }

    private func warn(_ text: String) { FileHandle.standardError.write(Data("warning: \(text)\n".utf8)) }
    private func note(_ text: String) { FileHandle.standardError.write(Data("note: \(text)\n".utf8)) }
}
