import Capture
import Episode
import Foundation
import Testing
import TestSupport

/// What the script sends, as the events the recorder must store (window events aside).
enum Expected: Equatable, CustomStringConvertible {
    case motion(Int, Int)
    case button(down: Bool, Int, Int, Int)
    case key(down: Bool, String, [String])

    var description: String {
        switch self {
        case .motion(let x, let y): "motion \(x),\(y)"
        case .button(let down, let b, let x, let y): "button\(b) \(down ? "down" : "up") \(x),\(y)"
        case .key(let down, let k, let m): "key \(k) \(down ? "down" : "up") \(m)"
        }
    }

    init?(_ event: InputEvent) {
        switch event.kind {
        case .motion(let x, let y): self = .motion(x, y)
        case .buttonDown(let b): self = .button(down: true, b.button, b.x, b.y)
        case .buttonUp(let b): self = .button(down: false, b.button, b.x, b.y)
        case .keyDown(let k): self = .key(down: true, k.keysym, k.modifiers.names)
        case .keyUp(let k): self = .key(down: false, k.keysym, k.modifiers.names)
        case .window: return nil
        }
    }
}

/// X keysym names of the characters xdotool types.
let keysymNames: [Character: String] = [
    " ": "space", ",": "comma", ".": "period", "!": "exclam", "?": "question", "'": "apostrophe",
    "-": "minus", ":": "colon", ";": "semicolon", "(": "parenleft", ")": "parenright", "@": "at",
    "#": "numbersign", "&": "ampersand", "\"": "quotedbl", "/": "slash",
]

@Suite("Recording input through RECORD", .serialized)
struct InputFidelityTests {
    @Test("a scripted session from xdotool is recorded exactly: count, order, coordinates, keysyms")
    func scriptedSession() throws {
        let display = try PrivateDisplay(width: 1024, height: 768)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "5"])

        var expected: [Expected] = []
        var last = (x: -1, y: -1)
        // 300 pointer moves, each to a new place, in one xdotool call.
        var moves: [String] = []
        for k in 0..<300 {
            let p = (x: (k * 37 + 5) % 1000 + 3, y: (k * 61 + 11) % 740 + 3)
            guard p != last else { continue }
            moves += ["mousemove", "\(p.x)", "\(p.y)"]
            expected.append(.motion(p.x, p.y))
            last = p
        }
        try xdotool(display.name, moves)
        // 50 clicks at known places with buttons 1 and 3.
        var clicks: [String] = []
        for k in 0..<50 {
            let p = (x: 20 + k * 19, y: 700 - k * 13)
            let button = k % 3 == 2 ? 3 : 1
            clicks += ["mousemove", "\(p.x)", "\(p.y)", "click", "\(button)"]
            expected += [.motion(p.x, p.y), .button(down: true, button, p.x, p.y), .button(down: false, button, p.x, p.y)]
            last = p
        }
        try xdotool(display.name, clicks)
        // 20 scroll steps.
        var scrolls: [String] = []
        for k in 0..<20 {
            let button = k % 4 == 3 ? 4 : 5
            scrolls += ["click", "\(button)"]
            expected += [.button(down: true, button, last.x, last.y), .button(down: false, button, last.x, last.y)]
        }
        try xdotool(display.name, scrolls)
        // 100 typed characters: capitals, punctuation, digits.
        let text = String("Hello, World! Mimic records every key: (a-z) & 0123456789; \"Quotes\" @home #1 ok? Yes. DONE/end of it".prefix(100))
        #expect(text.count == 100)
        try xdotool(display.name, ["type", "--delay", "2", text])
        for c in text {
            let name = keysymNames[c] ?? String(c)
            if c.isUppercase || "!\"#&():?@".contains(c) {
                expected += [.key(down: true, "Shift_L", []), .key(down: true, name, ["shift"])]
                // xdotool releases Shift first, then the key (which then reads unshifted).
                let unshifted = c.isLetter ? c.lowercased() : ["!": "1", "\"": "apostrophe", "#": "3", "&": "7", "(": "9", ")": "0", ":": "semicolon", "?": "slash", "@": "2"][String(c)]!
                expected += [.key(down: false, "Shift_L", ["shift"]), .key(down: false, unshifted, [])]
            } else {
                expected += [.key(down: true, name, []), .key(down: false, name, [])]
            }
        }
        // Return and Ctrl combinations.
        try xdotool(display.name, ["key", "Return", "ctrl+a", "ctrl+s"])
        expected += [.key(down: true, "Return", []), .key(down: false, "Return", [])]
        for letter in ["a", "s"] {
            // xdotool releases the modifier first.
            expected += [.key(down: true, "Control_L", []), .key(down: true, letter, ["ctrl"]),
                         .key(down: false, "Control_L", ["ctrl"]), .key(down: false, letter, [])]
        }

        let result = recorder.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let episode = try EpisodeReader.open(try #require(recorder.episode))
        #expect(episode.status == .complete)
        let recorded = episode.events.compactMap(Expected.init)
        #expect(recorded.count == expected.count)
        if let first = zip(recorded, expected).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            let context = recorded[max(0, first.offset - 3)..<min(recorded.count, first.offset + 4)].map(\.description)
            Issue.record("event \(first.offset) differs: recorded \(first.element.0), expected \(first.element.1); recorded around it: \(context)")
        }
        // One time line: events never go back in time.
        #expect(zip(episode.events, episode.events.dropFirst()).allSatisfy { $0.t <= $1.t })
    }

    @Test("--redact-keys hides printable keys but keeps timing, modifiers and special keys")
    func redaction() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "5", "--redact-keys"])
        try xdotool(display.name, ["type", "--delay", "2", "pA5"])
        try xdotool(display.name, ["key", "Return", "ctrl+c"])
        #expect(recorder.stop().status == 0)
        let episode = try EpisodeReader.open(try #require(recorder.episode))
        #expect(episode.metadata.keysRedacted == true)
        let downs = episode.events.compactMap { event -> String? in
            if case .keyDown(let k) = event.kind { return k.keysym + (k.modifiers.isEmpty ? "" : "+" + k.modifiers.names.joined(separator: "+")) }
            return nil
        }
        #expect(downs == ["redacted", "Shift_L", "redacted+shift", "redacted", "Return", "Control_L", "redacted+ctrl"])
        let keycodes = episode.events.compactMap { event -> Int? in
            if case .keyDown(let k) = event.kind, k.keysym == "redacted" { return k.keycode }
            return nil
        }
        #expect(keycodes.allSatisfy { $0 == 0 })
        let raw = try String(contentsOfFile: episode.directory + "/events.jsonl", encoding: .utf8)
        #expect(!raw.contains(#""keysym":"p""#) && !raw.contains(#""keysym":"A""#) && !raw.contains(#""keysym":"5""#))
    }
}
