import Capture
import Control
import Episode
import Foundation
import Testing
import TestSupport

@Suite("Dry runs and screen sizes")
struct DryRunTests {
    let events: [InputEvent] = [
        InputEvent(t: 100, .motion(x: 40, y: 30)),
        button(150, true, 1, 40, 30),
        button(200, false, 1, 40, 30),
        key(300, true, "Shift_L", keycode: 50),
        key(310, true, "A", keycode: 38, .shift),
        key(320, false, "A", keycode: 38, .shift),
        key(330, false, "Shift_L", keycode: 50, .shift),
        key(400, true, "Greek_alpha"),
        key(410, false, "Greek_alpha"),
        key(500, true, "redacted"),
    ]

    @Test("--dry-run prints what would be sent, with times, and sends nothing")
    func dryRun() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let client = try EventWindowClient(display: display.name)
        let folder = TemporaryFolder()
        let episode = try writeEpisode(in: folder, events: events)
        let result = try replay([episode, "--display", display.name, "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "   0.000 s  (t    0.100 s)  move 40,30")
        #expect(lines.contains("   0.210 s  (t    0.310 s)  key A down: keycode 38, level 2"))
        #expect(lines.contains("   0.300 s  (t    0.400 s)  key Greek_alpha down: not in the keymap, would be bound to a spare keycode"))
        #expect(lines.last == "dry run: 9 events over 0.310 s for display \(display.name); nothing was sent")
        #expect(result.stderr.contains("1 event(s) cannot be sent and are skipped"))

        let probe = try InputInjector(display: display.name)
        probe.move(x: 7, y: 7)
        #expect(client.entries(until: (7, 7)).isEmpty)
        #expect(try probe.stroke(for: "Greek_alpha") == nil)
        client.stop()
    }

    @Test("a display of another size is refused with a clear message; --scale maps coordinates proportionally")
    func screenSize() throws {
        let display = try PrivateDisplay(width: 640, height: 480)
        let client = try EventWindowClient(display: display.name)
        let folder = TemporaryFolder()
        let episode = try writeEpisode(in: folder, events: Array(events.prefix(3)))
        let refused = try replay([episode, "--display", display.name])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("recorded on a 320x240 screen but display \(display.name) is 640x480"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--scale"))
        let scaled = try replay([episode, "--display", display.name, "--scale"])
        #expect(scaled.status == 0, "\(scaled.stderr)")
        let probe = try InputInjector(display: display.name)
        probe.move(x: 7, y: 7)
        let entries = client.entries(until: (7, 7)).map { "\($0.type) \($0.x ?? -1),\($0.y ?? -1)" }
        #expect(entries == ["motion 81,61", "button_down 81,61", "button_up 81,61"])
        client.stop()
    }
}
