import Capture
import Control
import Episode
import Foundation
import Testing
import TestSupport

@Suite("Stopping a replay midway")
struct InterruptTests {
    @Test("a replay stopped while a key and a button are held leaves neither held", arguments: [SIGTERM, SIGINT])
    func interrupted(signal: Int32) throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let folder = TemporaryFolder()
        // Holds Shift, button 1 and a keysym the keymap lacks, then waits ten minutes before releasing them.
        let episode = try writeEpisode(in: folder, events: [
            InputEvent(t: 0, .motion(x: 50, y: 60)),
            key(10, true, "Shift_L", keycode: 50),
            button(20, true, 1, 50, 60),
            key(30, true, "Greek_alpha", .shift),
            key(600_000, false, "Greek_alpha", .shift),
            button(600_010, false, 1, 50, 60),
            key(600_020, false, "Shift_L", keycode: 50, .shift),
        ])
        let probe = try InputInjector(display: display.name)
        let mimic = try MimicProcess(["replay", episode, "--display", display.name])

        // Poll the server until the replay holds what it should (the bound only stops a broken replay from hanging the test).
        var held = probe.serverState()
        for _ in 0..<1500 where !(held.pressedKeycodes.contains(50) && held.pressedButtons == [1] && held.pressedKeycodes.count == 2) {
            usleep(20_000)
            held = probe.serverState()
        }
        try #require(held.pressedKeycodes.contains(50) && held.pressedButtons == [1], "the replay never held its key and button: \(mimic.stderrSoFar)")
        #expect(try probe.stroke(for: "Greek_alpha")?.boundToSpareKeycode == false)  // bound by the replay, not by us
        #expect(!probe.autoRepeatIsOn)
        mimic.signal(signal)
        let result = mimic.wait()

        #expect(result.status == 1)
        #expect(result.stderr.contains("stopped after 4 of 7 events"), "\(result.stderr)")
        #expect(result.stdout.contains("released at the end: key Shift_L, key Greek_alpha, button 1"), "\(result.stdout)")
        let after = probe.serverState()
        #expect(after.pressedKeycodes.isEmpty, "keys still held: \(after.pressedKeycodes)")
        #expect(after.pressedButtons.isEmpty, "buttons still held: \(after.pressedButtons)")
        #expect(try probe.stroke(for: "Greek_alpha") == nil)
        #expect(probe.autoRepeatIsOn)
    }
}
