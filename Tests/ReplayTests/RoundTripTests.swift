import Capture
import Control
import Episode
import Foundation
import Testing
import TestSupport

@Suite("Record → replay round trip")
struct RoundTripTests {
    @Test("a session recorded with mimic record replays onto a fresh display as the same events, in the same order, at the same places")
    func roundTrip() throws {
        let source = try PrivateDisplay(width: 640, height: 480)
        let sourceClient = try EventWindowClient(display: source.name)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: source.name, outFolder: folder.path, arguments: ["--fps", "5"])

        // The script: pointer, buttons 1-9, a drag, capitals, punctuation, Shift/Ctrl/Alt combinations.
        try xdotool(source.name, ["mousemove", "100", "120", "click", "1", "mousemove", "300", "200", "click", "3",
                                  "click", "2", "click", "4", "click", "5", "click", "6", "click", "7", "click", "8", "click", "9"])
        try xdotool(source.name, ["mousemove", "50", "50", "mousedown", "1", "mousemove", "80", "90", "mousemove", "120", "130", "mouseup", "1"])
        try xdotool(source.name, ["type", "--delay", "4", "Hello, World! (a-z) @home ~Q"])
        try xdotool(source.name, ["key", "Return", "ctrl+a", "ctrl+shift+z", "alt+f", "Tab", "shift+Tab"])
        // A keysym the keymap lacks, alone and with Shift held: bound to a spare keycode for the session.
        let driver = try InputInjector(display: source.name)
        try driver.prepare(keysyms: ["Greek_alpha"])
        usleep(300_000)  // the recorder's keymap follows the binding (it reads keymap changes on its own connection)
        try driver.key("Greek_alpha")
        try driver.keyDown("Shift_L")
        try driver.key("Greek_alpha")
        try #require(try driver.keyUp("Shift_L"))
        driver.sync()

        let recording = recorder.stop()
        #expect(recording.status == 0, "\(recording.stderr)")
        driver.move(x: 7, y: 7)
        let original = sourceClient.entries(until: (7, 7))
        driver.close()
        let episode = try #require(recorder.episode)

        let target = try PrivateDisplay(width: 640, height: 480)
        let targetClient = try EventWindowClient(display: target.name)
        let result = try replay([episode, "--display", target.name])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("timing: "))
        let probe = try InputInjector(display: target.name)
        probe.move(x: 7, y: 7)
        let replayed = targetClient.entries(until: (7, 7))

        // The script reached the client, with what the test is about.
        let downs = original.filter { $0.type == "key_down" }.compactMap(\.keysym)
        for keysym in ["H", "comma", "exclam", "parenleft", "at", "asciitilde", "Q", "Return", "Control_L", "z", "Alt_L", "ISO_Left_Tab", "Greek_alpha"] {
            #expect(downs.contains(keysym), "the source client never saw \(keysym)")
        }
        #expect(original.contains { $0.type == "key_down" && $0.keysym == "Greek_alpha" && $0.state == 1 })
        #expect(Set(original.compactMap(\.button)) == Set(1...9))
        #expect(original.count > 100)

        // Same events, same order, same coordinates, same keysyms and modifier state.
        #expect(replayed.count == original.count)
        if let first = zip(original, replayed).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("event \(first.offset) differs: recorded \(first.element.0), replayed \(first.element.1)")
        }
        // The spare keycode is unbound again, and nothing is left held.
        #expect(try probe.stroke(for: "Greek_alpha") == nil)
        #expect(probe.serverState().pressedKeycodes.isEmpty)
        #expect(probe.autoRepeatIsOn)
        sourceClient.stop()
        targetClient.stop()
    }
}
