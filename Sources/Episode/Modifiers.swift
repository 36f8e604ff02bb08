/// The X modifier state held at an event. Stored by name in JSON:
/// shift, lock (Caps Lock), ctrl, alt (Mod1), num_lock (Mod2), mod3, super (Mod4), mod5 (usually AltGr).
public struct Modifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let shift = Modifiers(rawValue: 1 << 0)
    public static let lock = Modifiers(rawValue: 1 << 1)
    public static let ctrl = Modifiers(rawValue: 1 << 2)
    public static let alt = Modifiers(rawValue: 1 << 3)
    public static let numLock = Modifiers(rawValue: 1 << 4)
    public static let mod3 = Modifiers(rawValue: 1 << 5)
    public static let superKey = Modifiers(rawValue: 1 << 6)
    public static let mod5 = Modifiers(rawValue: 1 << 7)

    /// Names in the order of the X modifier bits (ShiftMask ... Mod5Mask).
    public static let names = ["shift", "lock", "ctrl", "alt", "num_lock", "mod3", "super", "mod5"]

    /// From an X event's `state` field (the low 8 bits are the modifier masks in the same order).
    public init(xState: UInt32) { self.init(rawValue: UInt16(xState & 0xFF)) }

    public var names: [String] {
        Modifiers.names.enumerated().compactMap { bit, name in rawValue & (1 << bit) != 0 ? name : nil }
    }

    /// Nil when a name is unknown.
    public init?(names: [String]) {
        var value: UInt16 = 0
        for name in names {
            guard let bit = Modifiers.names.firstIndex(of: name) else { return nil }
            value |= 1 << bit
        }
        self.init(rawValue: value)
    }
}
