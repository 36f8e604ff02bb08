import Episode
import Imaging
import Replay
import Testing
import TestSupport

@Suite("Planning a replay (no display)")
struct PlanTests {
    let folder = TemporaryFolder()

    func plan(_ events: [InputEvent], _ options: ReplayOptions = ReplayOptions(), target: (Int, Int)? = (320, 240)) throws -> ReplayPlan {
        let episode = try EpisodeReader.open(try writeEpisode(in: folder, events: events))
        return try ReplayPlan(episode: episode, options: options, target: target.map { (width: $0.0, height: $0.1) })
    }

    let events: [InputEvent] = [
        InputEvent(t: 5, .window(.init(id: 1, title: "w", wmClass: "c", x: 0, y: 0, width: 10, height: 10))),
        InputEvent(t: 1000, .motion(x: 10, y: 20)),
        button(1500, true, 1, 10, 20),
        button(1600, false, 1, 10, 20),
        key(2000, true, "redacted"),
        key(2050, false, "redacted"),
        InputEvent(t: 3000, .motion(x: 30, y: 40)),
        key(4000, true, "A", keycode: 38, .shift),
        key(4100, false, "A", keycode: 38, .shift),
    ]

    @Test("times count from the first input event, divided by the speed; window events and redacted keys are left out")
    func times() throws {
        let p = try plan(events, ReplayOptions(speed: 2))
        #expect(p.steps.map(\.at) == [0, 250, 300, 1000, 1500, 1550])
        #expect(p.steps.map(\.action) == [.move(x: 10, y: 20), .buttonDown(button: 1, x: 10, y: 20), .buttonUp(button: 1, x: 10, y: 20),
                                          .move(x: 30, y: 40), .keyDown(keysym: "A", keycode: 38), .keyUp(keysym: "A", keycode: 38)])
        #expect(p.skipped.map(\.t) == [2000, 2050])
        #expect(p.skipped.allSatisfy { $0.reason.contains("--redact-keys") })
        #expect(p.keysyms == ["A"])
        #expect(p.startPointer == nil)
    }

    @Test("--from and --to cut the episode; time 0 is --from and the pointer starts where it was then")
    func range() throws {
        let p = try plan(events, ReplayOptions(from: 1550, to: 4050))
        #expect(p.steps.map(\.t) == [1600, 3000, 4000])
        #expect(p.steps.map(\.at) == [50, 1450, 2450])
        #expect(p.startPointer.map { [$0.x, $0.y] } == [10, 20])
        #expect(p.end == 4050)
        #expect(throws: ReplayError.self) { try plan(events, ReplayOptions(from: 5000)) }
    }

    @Test("a different screen size is refused unless --scale, which maps coordinates proportionally")
    func screenSize() throws {
        #expect {
            try plan(events, target: (640, 480))
        } throws: { error in
            "\(error)".contains("320x240") && "\(error)".contains("640x480") && "\(error)".contains("--scale")
        }
        let p = try plan(events, ReplayOptions(scale: true), target: (640, 480))
        #expect(p.steps.first?.action == .move(x: 21, y: 41))
        let q = try plan(events, ReplayOptions(scale: true), target: (160, 120))
        #expect(q.steps.first?.action == .move(x: 5, y: 10))
        #expect(try plan(events, target: nil).steps.count == 6)  // dry run without a display
    }

    @Test("timing percentiles are nearest-rank")
    func percentiles() {
        let summary = TimingSummary(errors: (1...200).map { Double($0) / 100 })
        #expect(summary.p50 == 1.0)
        #expect(summary.p99 == 1.98)
        #expect(summary.max == 2.0)
        #expect(summary.count == 200)
        #expect(TimingSummary(errors: []).max == 0)
    }

    @Test("the similarity score is the share of pixels that match within the tolerance")
    func similarity() {
        let grey = RGBImage(width: 10, height: 10, fill: (100, 100, 100))
        #expect(ScreenComparison(expected: grey, actual: grey).similarity == 1)
        var changed = grey
        for x in 0..<10 { changed[x, 0] = (200, 100, 100) }  // one row of ten differs
        changed[0, 5] = (110, 90, 100)                      // within the tolerance
        let c = ScreenComparison(expected: grey, actual: changed)
        #expect(c.differingPixels == 10)
        #expect(abs(c.similarity - 0.9) < 1e-9)
        #expect(c.diff[3, 0] == (255, 0, 64))
        #expect(ScreenComparison(expected: grey, actual: RGBImage(width: 10, height: 10, fill: (0, 0, 0))).similarity == 0)
        // A screen of another size is resized to the recorded one first.
        #expect(ScreenComparison(expected: grey, actual: RGBImage(width: 20, height: 20, fill: (100, 100, 100))).similarity == 1)
    }
}
