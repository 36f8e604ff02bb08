/// SplitMix64: a small generator whose whole sequence follows from its seed, the same on every
/// machine and Swift version (it does not use the standard library's `random(in:using:)`, whose
/// algorithm is not promised to stay put). Task layouts and the expert's choices come from it.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for one purpose of one task run: `stream` keeps the layout's numbers apart
    /// from the expert's, and the task name keeps two tasks with the same seed unrelated.
    public init(task: String, seed: UInt64, stream: UInt64 = 0) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a of the name
        for byte in task.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = hash ^ (seed &* 0x9E37_79B9_7F4A_7C15) ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range` (the modulo bias is below 2^-40 for the small ranges used here).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let count = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % count)
    }

    /// A number in 0 ..< 1.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A number in `range`.
    public mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    public mutating func element<T>(of items: [T]) -> T {
        precondition(!items.isEmpty, "SeededRandom.element: empty list")
        return items[int(in: 0...items.count - 1)]
    }

    /// The items in a random order (Fisher-Yates).
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(i, int(in: 0...i))
        }
        return result
    }

    /// A point inside `rect`, at least `margin` from its edges (the centre when it is too small).
    public mutating func point(in rect: Rect, margin: Int = 0) -> Point {
        let inner = rect.insetBy(margin)
        guard inner.width > 0, inner.height > 0 else { return rect.center }
        return Point(int(in: inner.x...inner.maxX - 1), int(in: inner.y...inner.maxY - 1))
    }
}
