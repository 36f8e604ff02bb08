import Control
import Episode
import Foundation

/// One replay of an episode onto a display, as `mimic replay` runs it: the injector and the plan for
/// its screen, the keymap prepared, the replay sent until its end or a stop, then the keymap given back.
/// The caller reports each step (skipped events, spare keycodes, progress) between the calls.
public final class ReplaySession {
    public let injector: InputInjector
    public let plan: ReplayPlan

    /// Opens `display` (nil: $DISPLAY) and plans the episode for its screen.
    public init(episode: EpisodeContents, options: ReplayOptions, display: String?) throws(ReplayError) {
        do throws(ControlError) { injector = try InputInjector(display: display) } catch { throw .control(error) }
        plan = try ReplayPlan(episode: episode, options: options, target: (injector.screenWidth, injector.screenHeight))
    }

    /// Looks up (or binds to spare keycodes) every key the plan sends, and suspends auto-repeat.
    public func prepareKeys() throws(ReplayError) -> [KeyStroke] {
        let strokes: [KeyStroke]
        do throws(ControlError) { strokes = try injector.prepare(keysyms: plan.keysyms) } catch { throw .control(error) }
        injector.suspendAutoRepeat()
        return strokes
    }

    /// Sends the plan on the replay's thread; `progress` is called about 10 times a second on the
    /// calling thread; once `shouldStop` says so the replay stops before its next step. Returns the
    /// report and the progress at the end.
    public func run(shouldStop: () -> Bool, progress: (Replay.Progress) -> Void) -> (report: Replay.Report, progress: Replay.Progress) {
        let replay = Replay(plan: plan, injector: injector)
        replay.start()
        while true {
            let report = replay.wait(seconds: 0.1)
            if shouldStop() { replay.requestStop("stopped by a signal (Ctrl-C or SIGTERM)") }
            progress(replay.progress)
            if let report { return (report, replay.progress) }
        }
    }

    /// Clients look keysyms up when they read an event: with keys bound to spare keycodes, gives them
    /// the keymap the keys were sent with for a moment before `close` unbinds them.
    public func letClientsReadKeymap() {
        guard !injector.temporaryBindings.isEmpty else { return }
        injector.sync()
        usleep(200_000)
    }

    /// Releases the keymap changes and the display.
    public func close() { injector.close() }
}
