import CX11
import X11
import Episode

/// Sends keyboard and mouse input to an X display through XTEST, as if a person did it.
///
/// Keys are asked for by keysym name and typed with the *target* display's keymap: the keycode
/// that carries the keysym, at the shift level it needs. When the modifiers held at that moment do
/// not select that level (say "A" without Shift held, or "brokenbar" which needs Shift+AltGr),
/// the missing modifiers are pressed just before the key and released just after it is released,
/// and modifiers that would spoil the level are lifted for as long. A keysym the keymap lacks is
/// bound to an unused keycode until `close()`.
///
/// The injector remembers every key and button it pressed and has not released: `releaseAll()`
/// lets go of all of them, and `close()` (also run on deinit) does that, removes temporary key
/// bindings and restores the keyboard's autorepeat. Each call is sent to the server before it
/// returns. Use one injector from one thread at a time.
public final class InputInjector: @unchecked Sendable {
    /// A key the injector holds down.
    public struct HeldKey: Sendable, Equatable {
        public var keycode: Int
        public var keysym: String
    }

    public let displayName: String
    public let screenWidth: Int
    public let screenHeight: Int
    /// Where the injector last put the pointer (or where it was when the injector connected).
    public private(set) var pointer: (x: Int, y: Int)

    let connection: XConnection
    private var keymap: Keymap
    /// Keysym name → the spare keycode bound to it.
    private var spareBindings: [String: Int] = [:]
    private var keys: [PressedKey] = []
    private var buttons: [Int] = []
    /// Keycodes held by this injector but lifted while another key needs their modifier off.
    private var lifted: Set<Int> = []
    private var autoRepeatToRestore = false
    private var closed = false
    /// The event type of XkbMapNotify on this connection (the only XKB event selected).
    private var keymapEventType: Int32 = -1
    // The keyboard state as last read from the server, kept up to date with what this injector
    // presses itself, so that typing a key needs no round trip to the server.
    private var group = 0
    private var lockedMods: UInt8 = 0
    private var latchedMods: UInt8 = 0
    /// Modifiers held by other clients or keyboards when the state was read.
    private var othersBaseMods: UInt8 = 0

    private struct PressedKey {
        var keycode: Int
        var keysym: String
        /// Modifier keys pressed for this key's level, released with it.
        var addedModifiers: [Int]
        /// Held keys lifted for this key's level, pressed again when it is released.
        var liftedKeys: [Int]
    }

    /// Connects to `display` (nil: $DISPLAY) and reads its keymap.
    public init(display: String?) throws(ControlError) {
        connection = try XConnection.openForInput(display)
        displayName = connection.name
        screenWidth = connection.width
        screenHeight = connection.height
        guard let keymap = Keymap.read(connection) else {
            throw .connection(.missingExtension(name: "XKEYBOARD", display: connection.name, purpose: "to map keysyms to keycodes"))
        }
        self.keymap = keymap
        // XKB clients get XkbMapNotify (and no core MappingNotify) when another client changes the keymap.
        var opcode: Int32 = 0, eventBase: Int32 = 0, errorBase: Int32 = 0
        var major = Int32(XkbMajorVersion), minor = Int32(XkbMinorVersion)
        if XkbQueryExtension(connection.display, &opcode, &eventBase, &errorBase, &major, &minor) != 0 {
            keymapEventType = eventBase
            XkbSelectEvents(connection.display, UInt32(XkbUseCoreKbd), UInt32(XkbMapNotifyMask), UInt32(XkbMapNotifyMask))
        }
        pointer = (0, 0)
        pointer = serverState().pointer
        readKeyboardState()
    }

    deinit { close() }

    // MARK: - Pointer

    /// Moves the pointer to (x, y) on the screen.
    public func move(x: Int, y: Int) {
        XTestFakeMotionEvent(connection.display, -1, Int32(x), Int32(y), 0)
        connection.flush()
        pointer = (x, y)
    }

    /// Presses a mouse button (1-9). Pressing a button already held sends nothing.
    public func press(button: Int) throws(ControlError) {
        guard (1...9).contains(button) else { throw .invalidButton(button) }
        guard !buttons.contains(button) else { return }
        XTestFakeButtonEvent(connection.display, UInt32(button), 1, 0)
        connection.flush()
        buttons.append(button)
    }

    /// Releases a mouse button this injector pressed. Returns false (and sends nothing) for a
    /// button it does not hold.
    @discardableResult
    public func release(button: Int) throws(ControlError) -> Bool {
        guard (1...9).contains(button) else { throw .invalidButton(button) }
        guard let index = buttons.firstIndex(of: button) else { return false }
        XTestFakeButtonEvent(connection.display, UInt32(button), 0, 0)
        connection.flush()
        buttons.remove(at: index)
        return true
    }

    /// Moves to (x, y) and clicks `button` `count` times (2 for a double click).
    public func click(button: Int = 1, x: Int, y: Int, count: Int = 1) throws(ControlError) {
        if pointer != (x, y) { move(x: x, y: y) }
        for _ in 0..<max(1, count) {
            try press(button: button)
            try release(button: button)
        }
    }

    // MARK: - Keys

    /// How `keysym` would be typed on this display, or nil when the keymap lacks it (it is then
    /// bound to a spare keycode when first pressed or prepared).
    public func stroke(for keysym: String, preferring keycode: Int? = nil) throws(ControlError) -> KeyStroke? {
        let value = try KeysymName.value(keysym)
        readKeyboardState()
        guard let location = keymap.locate(KeySym(value), group: group, preferring: keycode) else { return nil }
        return makeStroke(keysym, location, group: group)
    }

    /// Binds every keysym in `keysyms` that the keymap lacks to a spare keycode now, so that the
    /// keymap does not change while input is being sent, and reads the keyboard state afresh.
    /// Returns how each will be typed.
    @discardableResult
    public func prepare(keysyms: [String]) throws(ControlError) -> [KeyStroke] {
        readKeyboardState()
        var strokes: [KeyStroke] = []
        for name in keysyms {
            let value = try KeysymName.value(name)
            let location = try locateOrBind(name, KeySym(value), group: group)
            strokes.append(makeStroke(name, location, group: group))
        }
        return strokes
    }

    /// Presses the key for `keysym`, at the level it needs. `preferring` picks among keycodes that
    /// carry the keysym (a recorded keycode keeps Shift_L and Shift_R, or two "1" keys, apart).
    /// Modifiers in `keeping` are never lifted to reach the level. Returns the stroke used.
    @discardableResult
    public func keyDown(_ keysym: String, preferring keycode: Int? = nil, keeping: Modifiers = []) throws(ControlError) -> KeyStroke {
        let value = try KeysymName.value(keysym)
        noteKeymapChanges()
        let location = try locateOrBind(keysym, KeySym(value), group: group, preferring: keycode)
        let stroke = makeStroke(keysym, location, group: group)
        if keys.contains(where: { $0.keycode == location.keycode }) {
            // Already down: a second press is an autorepeat, as the server would send it.
            fakeKey(location.keycode, down: true)
            connection.flush()
            return stroke
        }
        var pressed = PressedKey(keycode: location.keycode, keysym: keysym, addedModifiers: [], liftedKeys: [])
        let ours = keys.filter { !lifted.contains($0.keycode) }.reduce(UInt8(0)) { $0 | keymap.modmap[$1.keycode] }
        let removable = ours & ~lockedMods & ~latchedMods & ~UInt8(truncatingIfNeeded: keeping.rawValue)
        let levels = keymap.levels(of: KeySym(value), keycode: location.keycode, group: group)
        if let change = keymap.modifierChange(keycode: location.keycode, group: group, levels: levels, current: effectiveMods,
                                              addable: keymap.holdableModifiers, removable: removable) {
            for bit in bits(change.remove) {
                for key in keys where !lifted.contains(key.keycode) && keymap.modmap[key.keycode] & bit != 0 {
                    fakeKey(key.keycode, down: false)
                    lifted.insert(key.keycode)
                    pressed.liftedKeys.append(key.keycode)
                }
            }
            for bit in bits(change.add) {
                guard let modifierKey = keymap.holdingKeycode(for: bit), !pressed.addedModifiers.contains(modifierKey) else { continue }
                fakeKey(modifierKey, down: true)
                pressed.addedModifiers.append(modifierKey)
            }
        }
        // No modifier state gives the level (e.g. it needs a locked modifier off): the key is
        // pressed as it is.
        fakeKey(location.keycode, down: true)
        connection.flush()
        keys.append(pressed)
        if let first = keymap.symbols(location.keycode, group: group)?.first, Keymap.lockKeysyms.contains(first) {
            lockedMods ^= keymap.modmap[location.keycode]  // Caps_Lock, Num_Lock: each press toggles
        }
        return stroke
    }

    /// Releases the key this injector pressed for `keysym`, or a held key that can produce it
    /// (a key pressed as "a" may be released as "A" once Shift is down). Returns false when no
    /// held key matches.
    @discardableResult
    public func keyUp(_ keysym: String) throws(ControlError) -> Bool {
        let value = try KeysymName.value(keysym)
        let key = keys.last { $0.keysym == keysym }
            ?? keys.last { keymap.symbols($0.keycode, group: group)?.contains(KeySym(value)) == true }
        guard let key else { return false }
        return keyUp(keycode: key.keycode)
    }

    /// Releases `keycode` if this injector holds it, then undoes the modifier changes made for it.
    @discardableResult
    public func keyUp(keycode: Int) -> Bool {
        guard let index = keys.firstIndex(where: { $0.keycode == keycode }) else { return false }
        let key = keys.remove(at: index)
        if lifted.remove(key.keycode) == nil { fakeKey(key.keycode, down: false) }
        for modifierKey in key.addedModifiers.reversed() { fakeKey(modifierKey, down: false) }
        for liftedKey in key.liftedKeys where lifted.contains(liftedKey) {
            lifted.remove(liftedKey)
            if keys.contains(where: { $0.keycode == liftedKey }) { fakeKey(liftedKey, down: true) }
        }
        connection.flush()
        return true
    }

    /// Types `keysym` once with `modifiers` held (e.g. "c" with .ctrl), releasing what it pressed.
    public func key(_ keysym: String, modifiers: Modifiers = []) throws(ControlError) {
        noteKeymapChanges()
        var pressedModifiers: [Int] = []
        for bit in bits(UInt8(truncatingIfNeeded: modifiers.rawValue) & ~effectiveMods) {
            guard let modifierKey = keymap.holdingKeycode(for: bit), !keys.contains(where: { $0.keycode == modifierKey }) else { continue }
            fakeKey(modifierKey, down: true)
            keys.append(PressedKey(keycode: modifierKey, keysym: keymap.name(keycode: modifierKey), addedModifiers: [], liftedKeys: []))
            pressedModifiers.append(modifierKey)
        }
        defer {
            for modifierKey in pressedModifiers.reversed() { keyUp(keycode: modifierKey) }
        }
        let stroke = try keyDown(keysym, keeping: modifiers)
        keyUp(keycode: stroke.keycode)
    }

    // MARK: - State

    /// Keys this injector holds, in the order they were pressed.
    public var heldKeys: [HeldKey] { keys.map { HeldKey(keycode: $0.keycode, keysym: $0.keysym) } }
    /// Buttons this injector holds, in the order they were pressed.
    public var heldButtons: [Int] { buttons }
    /// Keysyms bound to spare keycodes (until `close()`), by name.
    public var temporaryBindings: [String: Int] { spareBindings }

    /// Releases every key and button this injector holds (last pressed first) and waits until the
    /// server has processed it.
    public func releaseAll() {
        for key in keys.reversed() {
            if !lifted.contains(key.keycode) { fakeKey(key.keycode, down: false) }
            for modifierKey in key.addedModifiers.reversed() { fakeKey(modifierKey, down: false) }
        }
        keys.removeAll()
        lifted.removeAll()
        for button in buttons.reversed() { XTestFakeButtonEvent(connection.display, UInt32(button), 0, 0) }
        buttons.removeAll()
        connection.sync()
        readKeyboardState()
    }

    /// Waits until the server has processed everything sent so far.
    public func sync() { connection.sync() }

    /// Turns the display's key autorepeat off until `close()`. A recording already holds the
    /// repeats the server generated while a key was held; replaying them with autorepeat on would
    /// double them.
    public func suspendAutoRepeat() {
        guard !autoRepeatToRestore else { return }
        var control = XKeyboardState()
        XGetKeyboardControl(connection.display, &control)
        if control.global_auto_repeat == AutoRepeatModeOn {
            XAutoRepeatOff(connection.display)
            connection.sync()
            autoRepeatToRestore = true
        }
    }

    /// Whether the display's key autorepeat is on now.
    public var autoRepeatIsOn: Bool {
        var control = XKeyboardState()
        XGetKeyboardControl(connection.display, &control)
        return control.global_auto_repeat == AutoRepeatModeOn
    }

    /// Releases everything held, removes the temporary key bindings and restores autorepeat.
    /// The injector sends nothing afterwards. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        releaseAll()
        if !spareBindings.isEmpty {
            for code in spareBindings.values {
                var none: [KeySym] = [0, 0]
                XChangeKeyboardMapping(connection.display, Int32(code), 2, &none, 1)
            }
            spareBindings.removeAll()
        }
        if autoRepeatToRestore {
            XAutoRepeatOn(connection.display)
            autoRepeatToRestore = false
        }
        connection.sync()
    }

    // MARK: - Internals

    private func fakeKey(_ keycode: Int, down: Bool) {
        XTestFakeKeyEvent(connection.display, UInt32(keycode), down ? 1 : 0, 0)
    }

    /// Reads the keyboard state from the server (a round trip, which also brings in any keymap
    /// notification sent before it).
    private func readKeyboardState() {
        var state = XkbStateRec()
        XkbGetState(connection.display, UInt32(XkbUseCoreKbd), &state)
        group = Int(state.group)
        lockedMods = state.locked_mods
        latchedMods = state.latched_mods
        othersBaseMods = state.base_mods & ~ownBaseMods
        noteKeymapChanges()
    }

    /// Reads the keymap again if another client changed it. Takes what has arrived on the
    /// connection without waiting.
    private func noteKeymapChanges() {
        var changed = false
        var event = XEvent()
        while XEventsQueued(connection.display, QueuedAfterReading) > 0 {
            XNextEvent(connection.display, &event)
            if event.type == MappingNotify || event.type == keymapEventType { changed = true }
        }
        if changed, let fresh = Keymap.read(connection) { keymap = fresh }
    }

    /// Modifiers set by the keys this injector holds down.
    private var ownBaseMods: UInt8 {
        var mods: UInt8 = 0
        for key in keys {
            if !lifted.contains(key.keycode) { mods |= keymap.modmap[key.keycode] }
            for modifierKey in key.addedModifiers { mods |= keymap.modmap[modifierKey] }
        }
        return mods
    }

    /// The modifier state the server has now, as far as this injector knows.
    private var effectiveMods: UInt8 { othersBaseMods | ownBaseMods | latchedMods | lockedMods }

    private func makeStroke(_ keysym: String, _ location: (keycode: Int, level: Int), group: Int) -> KeyStroke {
        let change = keymap.modifierChange(keycode: location.keycode, group: group, levels: [location.level], current: 0,
                                           addable: 0xFF, removable: 0)
        return KeyStroke(keysym: keysym, keycode: location.keycode, level: location.level,
                         modifiers: Modifiers(rawValue: UInt16(change?.add ?? 0)),
                         boundToSpareKeycode: spareBindings[keysym] == location.keycode)
    }

    private func locateOrBind(_ name: String, _ value: KeySym, group: Int, preferring keycode: Int? = nil) throws(ControlError) -> (keycode: Int, level: Int) {
        if let location = keymap.locate(value, group: group, preferring: keycode) { return location }
        return try bindSpare(name, value, group: group)
    }

    /// Binds `value` to the highest keycode with no symbols (the low ones are where keyboards put
    /// real keys) and reads the keymap back.
    private func bindSpare(_ name: String, _ value: KeySym, group: Int) throws(ControlError) -> (keycode: Int, level: Int) {
        let used = Set(spareBindings.values)
        guard let code = keymap.unboundKeycodes.last(where: { !used.contains($0) }) else {
            throw .noSpareKeycode(keysym: name, display: displayName)
        }
        // On both levels, so that Shift held (a recorded "Shift+key") does not turn it into
        // another keysym: a lone cased keysym would get its other case on level 2.
        var symbols = [value, value]
        XChangeKeyboardMapping(connection.display, Int32(code), 2, &symbols, 1)
        connection.sync()
        refreshKeymap()
        guard let level = keymap.level(of: value, keycode: code, group: group) else {
            throw .keymapChangeFailed(keysym: name, keycode: code, display: displayName)
        }
        spareBindings[name] = code
        return (code, level)
    }

    private func refreshKeymap() {
        // Our own change is notified to us too: drop those notifications.
        var event = XEvent()
        while XPending(connection.display) > 0 { XNextEvent(connection.display, &event) }
        if let fresh = Keymap.read(connection) { keymap = fresh }
    }

    private func bits(_ mask: UInt8) -> [UInt8] {
        (0..<8).compactMap { mask & (1 << $0) != 0 ? UInt8(1 << $0) : nil }
    }
}
