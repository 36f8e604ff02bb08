import CX11
import X11

/// A copy of the display's XKB keyboard map (types, symbols, modifier map), read once and
/// refreshed after Control changes it: which keycode produces a keysym, at which shift level,
/// and which modifiers select that level.
///
/// Levels follow XKB: a key's type maps a combination of its type's modifiers to a level
/// (e.g. ALPHABETIC: none → 1 "a", Shift or Lock → 2 "A"; FOUR_LEVEL adds Mod5 (AltGr) → 3, 4).
/// Levels here count from 0.
struct Keymap: Sendable {
    struct KeyType: Sendable {
        /// The modifiers this type looks at.
        var mask: UInt8
        var levels: Int
        /// (modifiers under `mask`, level) for each active map entry; others give level 0.
        var entries: [(mods: UInt8, level: Int)]

        func level(for mods: UInt8) -> Int {
            let relevant = mods & mask
            return entries.first { $0.mods == relevant }?.level ?? 0
        }
    }

    struct Key: Sendable {
        /// Symbols by group, then level.
        var groups: [[KeySym]]
        /// The type of each group.
        var types: [Int]
    }

    let minKeycode: Int
    let maxKeycode: Int
    let types: [KeyType]
    /// Indexed by keycode (0 ..< maxKeycode + 1).
    let keys: [Key]
    /// The real modifiers (X masks) each keycode sets, from the modifier map.
    let modmap: [UInt8]
    /// For each modifier bit (0-7), a keycode that sets it while held.
    private var holders: [Int?] = []

    init(minKeycode: Int, maxKeycode: Int, types: [KeyType], keys: [Key], modmap: [UInt8]) {
        self.minKeycode = minKeycode
        self.maxKeycode = maxKeycode
        self.types = types
        self.keys = keys
        self.modmap = modmap
        holders = (0..<8).map { bit in findHolder(UInt8(1) << UInt8(bit)) }
    }

    /// Reads the core keyboard's map. Nil when the server has no XKB.
    static func read(_ connection: XConnection) -> Keymap? {
        let display = connection.display
        var major = Int32(XkbMajorVersion), minor = Int32(XkbMinorVersion)
        guard XkbLibraryVersion(&major, &minor) != 0 else { return nil }
        var opcode: Int32 = 0, event: Int32 = 0, error: Int32 = 0
        guard XkbQueryExtension(display, &opcode, &event, &error, &major, &minor) != 0 else { return nil }
        let mask = UInt32(XkbKeyTypesMask | XkbKeySymsMask | XkbModifierMapMask)
        guard let xkb = XkbGetMap(display, mask, UInt32(XkbUseCoreKbd)) else { return nil }
        defer { XkbFreeKeyboard(xkb, 0, 1) }
        let desc = xkb.pointee
        guard let map = desc.map else { return nil }
        let client = map.pointee
        let minKeycode = Int(desc.min_key_code), maxKeycode = Int(desc.max_key_code)

        var types: [KeyType] = []
        for t in 0..<Int(client.num_types) {
            let type = client.types[t]
            var entries: [(mods: UInt8, level: Int)] = []
            for e in 0..<Int(type.map_count) {
                let entry = type.map[e]
                if entry.active != 0 { entries.append((entry.mods.mask, Int(entry.level))) }
            }
            types.append(KeyType(mask: type.mods.mask, levels: Int(type.num_levels), entries: entries))
        }

        var keys = [Key](repeating: Key(groups: [], types: []), count: maxKeycode + 1)
        var modmap = [UInt8](repeating: 0, count: maxKeycode + 1)
        for code in minKeycode...maxKeycode {
            let symMap = client.key_sym_map[code]
            let groupCount = Int(symMap.group_info & 0x0F)
            let width = Int(symMap.width)
            let typeIndices = [symMap.kt_index.0, symMap.kt_index.1, symMap.kt_index.2, symMap.kt_index.3].map(Int.init)
            var groups: [[KeySym]] = []
            var keyTypes: [Int] = []
            for g in 0..<min(groupCount, 4) {
                let typeIndex = typeIndices[g]
                let levels = typeIndex < types.count ? types[typeIndex].levels : width
                let base = Int(symMap.offset) + g * width
                groups.append((0..<min(levels, width)).map { client.syms[base + $0] })
                keyTypes.append(typeIndex)
            }
            keys[code] = Key(groups: groups, types: keyTypes)
            if let mods = client.modmap { modmap[code] = mods[code] }
        }
        return Keymap(minKeycode: minKeycode, maxKeycode: maxKeycode, types: types, keys: keys, modmap: modmap)
    }

    /// Where `keysym` is in `group`: the keycode and level. Prefers `preferred` when it has the
    /// keysym, then the lowest level, then the lowest keycode.
    func locate(_ keysym: KeySym, group: Int, preferring preferred: Int? = nil) -> (keycode: Int, level: Int)? {
        if let preferred, preferred >= minKeycode, preferred <= maxKeycode, let level = level(of: keysym, keycode: preferred, group: group) {
            return (preferred, level)
        }
        var best: (keycode: Int, level: Int)?
        for code in minKeycode...maxKeycode {
            if let level = level(of: keysym, keycode: code, group: group), best == nil || level < best!.level {
                best = (code, level)
                if level == 0 { break }
            }
        }
        return best
    }

    /// The lowest level at which `keycode` produces `keysym` in `group`, if it does.
    func level(of keysym: KeySym, keycode: Int, group: Int) -> Int? {
        guard keysym != 0, let syms = symbols(keycode, group: group) else { return nil }
        return syms.firstIndex(of: keysym)
    }

    /// Every level at which `keycode` produces `keysym` in `group`.
    func levels(of keysym: KeySym, keycode: Int, group: Int) -> Set<Int> {
        guard keysym != 0, let syms = symbols(keycode, group: group) else { return [] }
        return Set(syms.indices.filter { syms[$0] == keysym })
    }

    /// The keysyms of `keycode` in `group` (out-of-range groups wrap, as XKB does by default).
    func symbols(_ keycode: Int, group: Int) -> [KeySym]? {
        guard keycode >= minKeycode, keycode <= maxKeycode else { return nil }
        let key = keys[keycode]
        guard !key.groups.isEmpty else { return nil }
        return key.groups[group % key.groups.count]
    }

    func type(of keycode: Int, group: Int) -> KeyType? {
        guard keycode >= minKeycode, keycode <= maxKeycode, !keys[keycode].types.isEmpty else { return nil }
        let index = keys[keycode].types[group % keys[keycode].types.count]
        return index < types.count ? types[index] : nil
    }

    /// The level `keycode` gives with modifiers `mods` in `group`.
    func level(keycode: Int, group: Int, mods: UInt8) -> Int {
        type(of: keycode, group: group)?.level(for: mods) ?? 0
    }

    /// The modifier state closest to `current` under which `keycode` gives one of `levels` (the
    /// levels that carry the keysym wanted): which modifiers to add and which to remove. Only bits
    /// in `addable` may be added and only bits in `removable` removed. Nil when no such state exists.
    func modifierChange(keycode: Int, group: Int, levels wanted: Set<Int>, current: UInt8,
                        addable: UInt8, removable: UInt8) -> (add: UInt8, remove: UInt8)? {
        guard let type = type(of: keycode, group: group) else { return wanted.contains(0) ? (0, 0) : nil }
        if wanted.contains(type.level(for: current)) { return (0, 0) }
        var best: (add: UInt8, remove: UInt8, cost: Int)?
        // Every combination of the type's modifiers (at most 8 bits, usually 1-3).
        var subset: UInt8 = 0
        repeat {
            let candidate = (current & ~type.mask) | subset
            let add = candidate & ~current
            let remove = current & ~candidate
            if add & ~addable == 0, remove & ~removable == 0, wanted.contains(type.level(for: candidate)) {
                let cost = add.nonzeroBitCount + remove.nonzeroBitCount
                if best == nil || cost < best!.cost { best = (add, remove, cost) }
            }
            subset = (subset &- type.mask) & type.mask  // next subset of the mask
        } while subset != 0
        return best.map { ($0.add, $0.remove) }
    }

    /// A keycode that sets modifier `bit` (an X mask with one bit) when held.
    func holdingKeycode(for bit: UInt8) -> Int? {
        guard bit != 0 else { return nil }
        return holders[bit.trailingZeroBitCount]
    }

    /// The lowest keycode in the modifier map for `bit` whose first symbol is not a lock
    /// (Caps_Lock toggles; it cannot be held).
    private func findHolder(_ bit: UInt8) -> Int? {
        for code in minKeycode...maxKeycode where modmap[code] & bit != 0 {
            guard let first = symbols(code, group: 0)?.first, !Keymap.lockKeysyms.contains(first) else { continue }
            return code
        }
        return nil
    }

    /// The X name of `keycode`'s first symbol ("Shift_L"), or "0x..." for a nameless keysym.
    func name(keycode: Int) -> String {
        guard let symbol = symbols(keycode, group: 0)?.first, symbol != 0 else { return "NoSymbol" }
        if let name = XKeysymToString(symbol) { return String(cString: name) }
        return "0x" + String(symbol, radix: 16)
    }

    /// Modifier bits that some key sets while held.
    var holdableModifiers: UInt8 {
        (0..<8).reduce(UInt8(0)) { bits, b in holders[b] != nil ? bits | 1 << b : bits }
    }

    /// Keycodes with no symbol in any group: free to bind a missing keysym to.
    var unboundKeycodes: [Int] {
        (minKeycode...maxKeycode).filter { code in
            keys[code].groups.allSatisfy { $0.allSatisfy { $0 == 0 } } && modmap[code] == 0
        }
    }

    static let lockKeysyms: Set<KeySym> = [
        KeySym(XK_Caps_Lock), KeySym(XK_Shift_Lock), KeySym(XK_Num_Lock), KeySym(XK_Scroll_Lock),
        0xFE06 /* ISO_Lock */, 0xFE07 /* ISO_Level2_Lock */, 0xFE0F /* ISO_Level3_Lock */, 0xFE13 /* ISO_Level5_Lock */,
    ]
}
