import Foundation

/// The project's one seeded random number generator (xoshiro256**, seeded through splitmix64): the
/// same seed gives the same numbers on every machine and Swift version (it never calls the standard
/// library's `random(in:using:)`, whose algorithm is not promised to stay put). Weight initialization,
/// data order, augmentation, task layouts, the expert's choices and dataset splits all draw from it.
/// Its state can be saved and restored (training checkpoints).
public struct SeededRandom: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: [UInt64]

    public init(seed: UInt64) {
        var s = seed
        state = (0..<4).map { _ in SeededRandom.splitmix(&s) }
    }

    /// The generator for one purpose of one named run (a task): `stream` keeps, say, a layout's
    /// numbers apart from the expert's, and the name keeps two tasks with the same seed unrelated.
    public init(task: String, seed: UInt64, stream: UInt64 = 0) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a of the name
        for byte in task.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        self.init(seed: hash ^ (seed &* 0x9E37_79B9_7F4A_7C15) ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    /// Resumes from a saved `state` (four words, not all zero).
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        self.state = state
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A number in `range`.
    public mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + uniform() * (range.upperBound - range.lowerBound)
    }

    /// A whole number in `range` (the modulo bias is below 2^-40 for the small ranges used here).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let count = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % count)
    }

    /// Standard normal (Box–Muller; one of the pair is used, so each call consumes two draws).
    public mutating func normal() -> Double {
        let u1 = 1 - uniform()  // (0, 1]
        let u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    public mutating func element<T>(of items: [T]) -> T {
        precondition(!items.isEmpty, "SeededRandom.element: empty list")
        return items[int(in: 0...items.count - 1)]
    }

    /// The items in a random order (Fisher–Yates).
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

    /// One step of splitmix64, which spreads a seed over the four words of state.
    private static func splitmix(_ s: inout UInt64) -> UInt64 {
        s &+= 0x9E37_79B9_7F4A_7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
