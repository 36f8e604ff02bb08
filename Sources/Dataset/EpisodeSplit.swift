import Primitives

/// Splits episodes between train and validation. Whole episodes only: consecutive frames of one
/// episode are nearly identical, so a frame-level split would measure memory, not generalization.
public enum EpisodeSplit {
    /// The split of each of `count` episodes (in a fixed order, e.g. sorted by path), seeded.
    /// round(fraction · count) episodes go to validation; with two or more episodes and a fraction
    /// above 0, at least one goes to each side; a single episode always goes to train.
    public static func assign(count: Int, valFraction: Double, seed: UInt64) -> [Split] {
        var validation = valFraction <= 0 || count < 2 ? 0 : Int((valFraction * Double(count)).rounded())
        if valFraction > 0 && count >= 2 { validation = max(1, min(count - 1, validation)) }
        // The seeded generator's shuffle: the same seed gives the same split everywhere.
        var random = SeededRandom(seed: seed)
        let order = random.shuffled(Array(0..<count))
        var splits = Array(repeating: Split.train, count: count)
        for i in order.prefix(validation) { splits[i] = .val }
        return splits
    }
}
