import Capture
import Control
import Episode
import Testing
import TestSupport

@Suite("XTest injection as a client sees it")
struct InjectorTests {
    @Test("typed keys reach a client as the same keysyms, with the shift level each needs")
    func typing() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let client = try EventWindowClient(display: display.name)
        let injector = try InputInjector(display: display.name)
        try injector.prepare(keysyms: ["Greek_alpha"])
        for name in ["a", "A", "exclam", "brokenbar", "Greek_alpha"] { try injector.key(name) }
        try injector.key("c", modifiers: .ctrl)
        // Held Shift: "a" needs it lifted, "A" does not.
        try injector.keyDown("Shift_L")
        try injector.key("a")
        try injector.key("A")
        injector.keyUp(keycode: 50)
        injector.move(x: 3, y: 3)
        let downs = client.entries(until: (3, 3)).filter { $0.type == "key_down" }.map { $0.keysym ?? "?" }
        #expect(downs == ["a", "Shift_L", "A", "Shift_L", "exclam", "Shift_L", "ISO_Level3_Shift", "brokenbar", "Greek_alpha",
                          "Control_L", "c", "Shift_L", "a", "Shift_L", "A"])
        injector.close()
        client.stop()
    }

    @Test("with Caps Lock on, capitals need no Shift and lower case gets Shift added")
    func capsLock() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let client = try EventWindowClient(display: display.name)
        let injector = try InputInjector(display: display.name)
        for name in ["Caps_Lock", "A", "a", "Caps_Lock", "a"] { try injector.key(name) }
        injector.move(x: 3, y: 3)
        let downs = client.entries(until: (3, 3)).filter { $0.type == "key_down" }.map { "\($0.keysym ?? "?") \($0.state ?? -1)" }
        // state: 1 Shift, 2 Lock
        #expect(downs == ["Caps_Lock 0", "A 2", "Shift_L 2", "a 3", "Caps_Lock 2", "a 0"])
        #expect(!injector.serverState().modifiers.contains(.lock))
        client.stop()
    }

    @Test("pointer moves and buttons 1-9 arrive where they were sent")
    func pointer() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let client = try EventWindowClient(display: display.name)
        let injector = try InputInjector(display: display.name)
        injector.move(x: 10, y: 20)
        for button in 1...9 { try injector.click(button: button, x: 30 + button, y: 40) }
        #expect(throws: ControlError.invalidButton(10)) { try injector.press(button: 10) }
        injector.move(x: 3, y: 3)
        let entries = client.entries(until: (3, 3))
        var expected = [EventWindowClient.Entry(type: "motion", x: 10, y: 20)]
        for button in 1...9 {
            expected.append(.init(type: "motion", x: 30 + button, y: 40))
            expected.append(.init(type: "button_down", button: button, x: 30 + button, y: 40))
            expected.append(.init(type: "button_up", button: button, x: 30 + button, y: 40))
        }
        #expect(entries.map { EventWindowClient.Entry(type: $0.type, button: $0.button, x: $0.x, y: $0.y) } == expected)
        client.stop()
    }

    @Test("releaseAll lets go of every key and button the injector holds, as the server sees it")
    func releaseAll() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let injector = try InputInjector(display: display.name)
        try injector.keyDown("Shift_L")
        try injector.keyDown("A")
        try injector.keyDown("Control_R")
        try injector.press(button: 1)
        try injector.press(button: 3)
        injector.sync()
        let held = injector.serverState()
        #expect(Set(held.pressedKeycodes) == [50, 38, 105])
        #expect(held.pressedButtons == [1, 3])
        #expect(injector.heldKeys.map(\.keysym) == ["Shift_L", "A", "Control_R"])
        injector.releaseAll()
        let after = injector.serverState()
        #expect(after.pressedKeycodes.isEmpty)
        #expect(after.pressedButtons.isEmpty)
        #expect(injector.heldKeys.isEmpty && injector.heldButtons.isEmpty)
    }

    @Test("a key pressed as one keysym is released by another of its levels")
    func releaseByOtherLevel() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let injector = try InputInjector(display: display.name)
        try injector.keyDown("a")
        try injector.keyDown("Shift_L")
        #expect(try injector.keyUp("A"))
        #expect(try !injector.keyUp("b"))
        #expect(injector.heldKeys.map(\.keysym) == ["Shift_L"])
        injector.close()
        #expect(injector.serverState().pressedKeycodes.isEmpty)
    }
}
