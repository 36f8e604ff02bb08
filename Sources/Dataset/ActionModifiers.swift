import Episode

/// The modifiers an action carries: ctrl, shift, alt and super of the X modifier state. Lock, Num
/// Lock and the rarer X modifiers (Mod3, Mod5/AltGr) are not part of an action. The model sees them
/// as four 0/1 values in its own order, `actionNames` (the `mods` tensor).
extension Modifiers {
    /// The modifiers an action can carry, in the model's order.
    public static let actionOrder: [Modifiers] = [.ctrl, .shift, .alt, .superKey]

    /// Names in the model's order: element i of `vector` is modifier `actionNames[i]`.
    public static let actionNames = ["ctrl", "shift", "alt", "super"]

    /// The modifiers an action can carry (ctrl, shift, alt, super).
    public static let action: Modifiers = [.ctrl, .shift, .alt, .superKey]

    /// Only the modifiers an action carries.
    public var forAction: Modifiers { intersection(.action) }

    /// 0/1 per action modifier in the model's order (the `mods` tensor).
    public var vector: [Float] { Modifiers.actionOrder.map { contains($0) ? 1 : 0 } }

    /// From the model's 0/1 values (each at least 0.5 counts as held).
    public init(vector: [Float]) {
        var value: Modifiers = []
        for (i, v) in vector.prefix(4).enumerated() where v >= 0.5 { value.insert(Modifiers.actionOrder[i]) }
        self = value
    }

    /// The held action modifiers' names in the model's order, as labels write them ("ctrl+shift+a").
    public var actionLabels: [String] {
        zip(Modifiers.actionOrder, Modifiers.actionNames).compactMap { contains($0) ? $1 : nil }
    }
}
