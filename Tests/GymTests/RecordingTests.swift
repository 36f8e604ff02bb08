import Primitives
import Control
import Episode
import Foundation
import Gym
import Testing
import TestSupport

@Suite("task runs recorded as episodes")
struct RecordingTests {
    struct PolicyBroke: Error {}

    @Test("an agent's run is recorded with task, seed, outcome and agent; stopped and failed runs are interrupted")
    func agentRuns() throws {
        let folder = TemporaryFolder()
        try withPrivateDisplay { display in
            var options = TaskRecorder.Options()
            options.outFolder = folder.file("runs")
            options.hold = 0.2
            let recorder = try TaskRecorder(display: display, options: options)
            let injector = try InputInjector(display: display)
            let seed = SeedRange.evaluationSeed(index: 3)

            // A stub policy that always clicks one point: the target's centre.
            let result = try recorder.record(ClickTarget.self, seed: seed, agent: .init(model: "models/stub")) { session, _, _ in
                let point = (session.current as! ClickTarget).target.center
                try injector.click(x: point.x, y: point.y)
                injector.sync()
                session.settle()
                return session.waitForOutcome()!
            }
            #expect(result.outcome.succeeded)
            let episode = try EpisodeReader.open(result.directory)
            #expect(episode.status == .complete)
            #expect(episode.metadata.agent == .init(model: "models/stub"))
            #expect(episode.metadata.task == .init(name: "click-target", seed: seed, outcome: "success"))
            #expect(episode.metadata.instruction == "Click the square")
            let presses = episode.events.compactMap { event -> InputEvent.Button? in
                if case .buttonDown(let button) = event.kind { return button }
                return nil
            }
            let target = ClickTarget(seed: seed, size: TaskCanvas.defaultSize).target
            #expect(presses.count == 1 && presses.first.map { target.contains(Point($0.x, $0.y)) } == true)
            // The first frame comes before the first input, and shows the task untouched.
            #expect(episode.frames.first.map { $0.t < (episode.events.first { $0.kind.isInput }?.t ?? .infinity) } == true)

            let stopped = try recorder.record(PressKey.self, seed: 1, shouldStop: { true }) { session, _, shouldStop in
                while !shouldStop() { session.waitForOutcome(seconds: 0.01) }
                return session.stop()
            }
            #expect(stopped.outcome.kind == .stopped)
            let interrupted = try EpisodeReader.open(stopped.directory)
            #expect(interrupted.metadata.task?.outcome == "stopped")
            #expect(interrupted.status == .interrupted(reason: "stopped before the task ended"))

            #expect {
                try recorder.record(PressKey.self, seed: 2) { _, _, _ in throw PolicyBroke() }
            } throws: { error in
                guard case .actorFailed(let task, let seed, _) = error as? GymError else { return false }
                return task == "press-key" && seed == 2
            }
            recorder.close()
        }
    }
}

extension InputEvent.Kind {
    var isInput: Bool {
        if case .window = self { return false }
        return true
    }
}
