import CX11
import Episode

/// The input state of a display as the server reports it.
public struct ServerInputState: Sendable {
    public var pointer: (x: Int, y: Int)
    /// Buttons 1-5 that are down (the core protocol reports no others).
    public var pressedButtons: [Int]
    /// Keycodes that are down.
    public var pressedKeycodes: [Int]
    /// The modifier state (keys and buttons) the pointer query reports.
    public var modifiers: Modifiers
}

extension InputInjector {
    /// What the server says is held now, whoever holds it.
    public func serverState() -> ServerInputState {
        let display = connection.display
        var root: Window = 0, child: Window = 0
        var rootX: Int32 = 0, rootY: Int32 = 0, winX: Int32 = 0, winY: Int32 = 0
        var mask: UInt32 = 0
        XQueryPointer(display, connection.root, &root, &child, &rootX, &rootY, &winX, &winY, &mask)
        var bitmap = [CChar](repeating: 0, count: 32)
        XQueryKeymap(display, &bitmap)
        var pressed: [Int] = []
        for code in 0..<256 where UInt8(bitPattern: bitmap[code / 8]) & (1 << UInt8(code % 8)) != 0 { pressed.append(code) }
        let buttonMasks = [Button1Mask, Button2Mask, Button3Mask, Button4Mask, Button5Mask]
        let held = buttonMasks.enumerated().compactMap { mask & UInt32($0.element) != 0 ? $0.offset + 1 : nil }
        return ServerInputState(pointer: (Int(rootX), Int(rootY)), pressedButtons: held, pressedKeycodes: pressed,
                                modifiers: Modifiers(xState: mask))
    }
}
