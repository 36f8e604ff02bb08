import Primitives
import Capture
import Control
import Foundation
import Gym
import Testing
import TestSupport

/// The scripted expert on a real X server: each test starts its own Xvfb.
@Suite("the expert solves every task through XTest")
struct ExpertTests {
    /// Ten seeds per task: six for demonstrations and four for evaluation.
    static let seeds: [UInt64] = [0, 1, 2, 3, 1000, 4_000_000_000] + (0..<4).map { SeedRange.evaluationSeed(base: 77, index: $0) }

    @Test("the expert succeeds on ten seeds, without a miss", arguments: TaskCatalog.names)
    func succeeds(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        try withPrivateDisplay { display in
            let expert = try Expert(display: display)
            var options = TaskSession.Options()
            options.timeLimit = 600  // the rule under test is the expert's; a loaded machine must not fail it
            var failures: [String] = []
            for seed in Self.seeds {
                let session = try TaskSession(task, seed: seed, display: display, options: options)
                let outcome = try expert.solve(session)
                if !outcome.succeeded || session.misses > 0 { failures.append("seed \(seed): \(outcome), \(session.misses) misses") }
                session.stop()
            }
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test("the random baseline, acting with the same hand, rarely succeeds", arguments: TaskCatalog.names)
    func randomBaseline(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        try withPrivateDisplay { display in
            let actor = try RandomActor(display: display)
            var outcomes: [Outcome] = []
            for seed in UInt64(0)..<2 {
                let session = try TaskSession(task, seed: seed, display: display)
                outcomes.append(try actor.play(session))
                session.stop()
            }
            // Its choices are seeded and the tasks react only to input, so this is the same every run.
            #expect(outcomes.filter(\.succeeded).count <= 1, "\(name): \(outcomes)")
            #expect(outcomes.allSatisfy { $0.kind != .stopped })
        }
    }
}

@Suite("task sessions on a display")
struct SessionTests {
    @Test("with nothing done, every task runs out of time and its success check fails")
    func nothingDone() throws {
        try withPrivateDisplay { display in
            var options = TaskSession.Options()
            options.timeLimit = 0.3
            for task in TaskCatalog.all {
                let session = try TaskSession(task, seed: 5, display: display, options: options)
                let outcome = session.waitForOutcome()
                #expect(outcome?.kind == .timeout, "\(task.name): \(String(describing: outcome))")
                #expect(session.current.status == .running, "\(task.name)")
                #expect(session.stop().kind == .timeout)
            }
        }
    }

    @Test("input from any XTest client counts: xdotool's clicks hit the target, or use up the misses")
    func anyClient() throws {
        try withPrivateDisplay { display in
            let target = ClickTarget(seed: 21, size: TaskCanvas.defaultSize).target
            let hit = try TaskSession(ClickTarget.self, seed: 21, display: display)
            try xdotool(display, ["mousemove", "\(target.center.x)", "\(target.center.y)", "click", "1"])
            #expect(hit.waitForOutcome(seconds: 60)?.kind == .success)
            #expect((hit.current as? ClickTarget)?.clicked == true)
            hit.stop()

            let missed = try TaskSession(ClickTarget.self, seed: 21, display: display)
            let away = Point(target.x < 240 ? 470 : 15, target.y < 270 ? 470 : 80)
            for _ in 0..<3 { try xdotool(display, ["mousemove", "\(away.x)", "\(away.y)", "click", "1"]) }
            let outcome = missed.waitForOutcome(seconds: 60)
            #expect(outcome?.kind == .failure && outcome?.reason == "3 clicks hit nothing", "\(String(describing: outcome))")
            #expect(missed.current.status == .running)
            missed.stop()
        }
    }

    @Test("an agent's own injector drives a session: settle() makes each action visible to the next decision")
    func agentLoop() throws {
        try withPrivateDisplay { display in
            let injector = try InputInjector(display: display)
            let session = try TaskSession(ClickSequence.self, seed: 33, display: display)
            var decisions = 0
            while session.outcome == nil, decisions < 10 {
                let state = session.current as! ClickSequence
                let next = state.circles[state.done]
                try injector.click(x: next.x, y: next.y)
                injector.sync()
                session.settle()
                decisions += 1
            }
            #expect(session.outcome?.kind == .success)
            #expect(decisions == 4)
            session.stop()
        }
    }

    @Test("the window shows the task's picture, pixel for pixel, and its result when it ends")
    func picture() throws {
        try withPrivateDisplay { display in
            let shot = try ScreenShot(display: display)
            for task in [PressKey.self, ClickColor.self] as [any GymTask.Type] {
                let session = try TaskSession(task, seed: 2, display: display)
                session.settle()
                #expect(try shot.grab(includingCursor: false) == session.picture, "\(task.name)")
                session.stop()
            }
            let session = try TaskSession(PressKey.self, seed: 2, display: display)
            try xdotool(display, ["key", (session.current as! PressKey).keysym])
            #expect(session.waitForOutcome(seconds: 60)?.kind == .success)
            session.settle()
            let done = try shot.grab(includingCursor: false)
            #expect(done == session.picture)
            #expect(done[10, 10] == (40, 170, 70))  // the bar turns green
            session.stop()
        }
    }
}
