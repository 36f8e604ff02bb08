import Episode

/// The modifiers an action carries, in the model's order: ctrl, shift, alt, super. Lock, Num Lock
/// and the rarer X modifiers (Mod3, Mod5/AltGr) are not part of an action.
public struct KeyModifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ctrl = KeyModifiers(rawValue: 1 << 0)
    public static let shift = KeyModifiers(rawValue: 1 << 1)
    public static let alt = KeyModifiers(rawValue: 1 << 2)
    public static let superKey = KeyModifiers(rawValue: 1 << 3)

    /// Names in the model's order: element i of `vector` is modifier `names[i]`.
    public static let names = ["ctrl", "shift", "alt", "super"]

    /// From the X modifier state held at an event.
    public init(_ x: Modifiers) {
        var value: KeyModifiers = []
        if x.contains(.ctrl) { value.insert(.ctrl) }
        if x.contains(.shift) { value.insert(.shift) }
        if x.contains(.alt) { value.insert(.alt) }
        if x.contains(.superKey) { value.insert(.superKey) }
        self = value
    }

    /// 0/1 per modifier in the model's order (the `mods` tensor).
    public var vector: [Float] {
        (0..<4).map { rawValue & (1 << $0) != 0 ? 1 : 0 }
    }

    public init(vector: [Float]) {
        var raw: UInt8 = 0
        for (i, v) in vector.prefix(4).enumerated() where v >= 0.5 { raw |= 1 << i }
        self.init(rawValue: raw)
    }

    public var names: [String] {
        KeyModifiers.names.enumerated().compactMap { i, name in rawValue & (1 << i) != 0 ? name : nil }
    }
}
