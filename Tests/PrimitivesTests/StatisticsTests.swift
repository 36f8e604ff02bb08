import Testing
import Primitives

@Suite("Statistics")
struct StatisticsTests {
    @Test("the median of odd and even counts, and of none")
    func median() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([]) == 0)
    }

    @Test("nearest-rank percentiles", arguments: [(0.5, 5.0), (0.99, 10.0), (0.1, 1.0), (0.0, 1.0), (1.0, 10.0)])
    func percentile(p: Double, expected: Double) {
        let values = (1...10).map(Double.init).shuffled()
        #expect(Statistics.percentile(values, p) == expected)
    }
}
