import Capture
import Control
import Episode
import Testing
import TestSupport

@Suite("Keysyms on the target display's keymap")
struct KeymapTests {
    // Xvfb's default keymap: evdev keycodes, "us" layout (pc105).
    @Test("each keysym maps to the keycode and shift level that carry it", arguments: [
        ("a", 38, 0, Modifiers()),
        ("A", 38, 1, Modifiers.shift),
        ("exclam", 10, 1, Modifiers.shift),
        ("1", 10, 0, Modifiers()),
        ("Return", 36, 0, Modifiers()),
        ("Shift_L", 50, 0, Modifiers()),
        ("bar", 51, 1, Modifiers.shift),
        ("brokenbar", 94, 3, Modifiers([.shift, .mod5])),
    ])
    func strokes(keysym: String, keycode: Int, level: Int, modifiers: Modifiers) throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let injector = try InputInjector(display: display.name)
        let stroke = try #require(try injector.stroke(for: keysym))
        #expect(stroke.keycode == keycode)
        #expect(stroke.level == level)
        #expect(stroke.modifiers == modifiers)
        #expect(!stroke.boundToSpareKeycode)
    }

    @Test("a keysym the keymap lacks is bound to a spare keycode and unbound by close()")
    func spareKeycode() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let injector = try InputInjector(display: display.name)
        #expect(try injector.stroke(for: "Greek_alpha") == nil)
        let stroke = try #require(try injector.prepare(keysyms: ["Greek_alpha"]).first)
        #expect(stroke.boundToSpareKeycode)
        #expect(injector.temporaryBindings == ["Greek_alpha": stroke.keycode])
        #expect(try injector.stroke(for: "Greek_alpha") == stroke)
        injector.close()
        let fresh = try InputInjector(display: display.name)
        #expect(try fresh.stroke(for: "Greek_alpha") == nil)
    }

    @Test("an injector follows keymap changes another client makes")
    func followsKeymapChanges() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let watcher = try InputInjector(display: display.name)
        #expect(try watcher.stroke(for: "Greek_alpha") == nil)
        let other = try InputInjector(display: display.name)
        let bound = try #require(try other.prepare(keysyms: ["Greek_alpha"]).first)
        let seen = try #require(try watcher.stroke(for: "Greek_alpha"))
        #expect(seen.keycode == bound.keycode && !seen.boundToSpareKeycode)
        other.close()
        #expect(try watcher.stroke(for: "Greek_alpha") == nil)
    }

    @Test("names that cannot be typed are refused with the reason", arguments: ["redacted", "NoSymbol", "not_a_keysym"])
    func unreplayable(name: String) {
        #expect(KeysymName.problem(name) != nil)
        #expect(KeysymName.problem("Return") == nil)
        #expect(KeysymName.problem("0x1008ff13") == nil)
    }
}
