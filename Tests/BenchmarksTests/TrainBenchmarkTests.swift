import Benchmarks
import Testing

@Suite("Train benchmark: figures as lines")
struct TrainBenchmarkTests {
    static let figures = TrainBenchmark.Figures(batch: 32, rounds: [
        .init(round: 1, batch: 32, endToEnd: 0.5, pure: 0.4, cpuEndToEnd: 1.0, cpuPure: 0.8),
        .init(round: 2, batch: 32, endToEnd: 0.4, pure: 0.4, cpuEndToEnd: 0.8, cpuPure: 0.8),
        .init(round: 3, batch: 32, endToEnd: 0.8, pure: 0.5, cpuEndToEnd: 1.6, cpuPure: 1.0),
    ], dataWaits: [0.001, 0.003], batchPreparations: [0.002, 0.004, 0.009])

    @Test("a round's line gives both kinds of update and their ratio")
    func round() {
        #expect(TrainBenchmark.line(Self.figures.rounds[0])
            == "round 1: end to end 500.0 ms per update (64.0 samples/s), pure step 400.0 ms (80.0 samples/s): 80.0%")
    }

    @Test("the summary reports medians over the rounds, and the ratio as the median of the rounds' ratios")
    func summary() {
        let lines = TrainBenchmark.lines(Self.figures, loadAverage: 0.2)
        #expect(lines == [
            "",
            "end to end (mimic train's loop, data loading included):   64.0 samples/s   (500.0 ms per update)",
            "pure training step (fixed batch in memory):               80.0 samples/s   (400.0 ms per update)",
            "end to end / pure:                                        80.0%   (target >= 90%; median of the rounds' ratios)",
            "waiting for data:                                       mean 2.00 ms, max 3.00 ms per update",
            "building a batch (loader thread):                       median 4.00 ms (gather, random shift, history)",
            "CPU time per update:                                    end to end 1000.0 ms, pure 800.0 ms (80.0%)",
        ])
        #expect(TrainBenchmark.lines(Self.figures, loadAverage: 1.5, cores: 2).last
            == "note: load average 1.5 on 2 cores: other work shares the machine; compare the ratio, not the absolute figures")
    }
}
