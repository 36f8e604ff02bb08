import Dataset
import Testing

@Suite("Splitting episodes between train and validation")
struct EpisodeSplitTests {
    @Test("validation gets round(fraction · episodes), at least one each side when there are two", arguments: [
        (10, 0.1, 1), (10, 0.25, 3), (2, 0.1, 1), (3, 0.5, 2), (1, 0.5, 0), (5, 0, 0), (4, 1.0, 3), (100, 0.1, 10), (0, 0.1, 0),
    ])
    func counts(episodes: Int, fraction: Double, validation: Int) {
        let splits = EpisodeSplit.assign(count: episodes, valFraction: fraction, seed: 7)
        #expect(splits.count == episodes)
        #expect(splits.filter { $0 == .val }.count == validation)
    }

    @Test("the same seed gives the same split; other seeds differ")
    func seeded() {
        let a = EpisodeSplit.assign(count: 50, valFraction: 0.2, seed: 1)
        #expect(a == EpisodeSplit.assign(count: 50, valFraction: 0.2, seed: 1))
        let others = (2...6).map { EpisodeSplit.assign(count: 50, valFraction: 0.2, seed: UInt64($0)) }
        #expect(others.contains { $0 != a })
    }
}
