/// Splits episodes between train and validation. Whole episodes only: consecutive frames of one
/// episode are nearly identical, so a frame-level split would measure memory, not generalization.
public enum EpisodeSplit {
    /// The split of each of `count` episodes (in a fixed order, e.g. sorted by path), seeded.
    /// round(fraction · count) episodes go to validation; with two or more episodes and a fraction
    /// above 0, at least one goes to each side; a single episode always goes to train.
    public static func assign(count: Int, valFraction: Double, seed: UInt64) -> [Split] {
        var validation = valFraction <= 0 || count < 2 ? 0 : Int((valFraction * Double(count)).rounded())
        if valFraction > 0 && count >= 2 { validation = max(1, min(count - 1, validation)) }
        var order = Array(0..<count)
        var random = SplitMix64(seed: seed)
        // Fisher–Yates with the seeded generator: the same seed gives the same split everywhere.
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = Int(random.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        var splits = Array(repeating: Split.train, count: count)
        for i in order.prefix(validation) { splits[i] = .val }
        return splits
    }
}

/// A small seeded generator (SplitMix64): the same sequence on every platform and Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
