import Agent
import Benchmarks
import Testing

@Suite("Decision benchmark and machine load: lines")
struct DecisionBenchmarkTests {
    @Test("the phase table gives median, p90 and max; the verdict holds the median to 15 ms")
    func lines() {
        let timings = (1...10).map { DecisionTiming(grab: 1, decide: Double($0), act: 0.5) }
        let figures = DecisionBenchmark.Figures(episodes: 2, timings: timings, cpuShare: 1.25, backToBack: [4, 5, 6])
        #expect(DecisionBenchmark.lines(figures) == [
            "",
            "10 decisions over 2 episodes, milliseconds:",
            "  phase        median     p90     max",
            "  grab          1.00    1.00    1.00",
            "  decide        5.50    9.00   10.00",
            "  act           0.50    0.50    0.50",
            "  decision      7.00   10.50   11.50",
            "",
            "one decision (grab -> predict -> inject): median 7.00 ms (target <= 15 ms): met",
            "CPU time of this process while playing: 125% of one core (the agent's threads, spinning included, and the task's window)",
            "the same decide, 3 times back to back on one frame: median 5.00 ms",
            "  (in the loop each decision follows the settle pause, with the model's threads woken --warm-up ms before its end; docs/eval.md says why)",
        ])
        let slow = DecisionBenchmark.Figures(episodes: 1, timings: [DecisionTiming(grab: 1, decide: 15, act: 0)], cpuShare: 1, backToBack: [1])
        #expect(DecisionBenchmark.lines(slow)[1] == "1 decision over 1 episode, milliseconds:")
        #expect(DecisionBenchmark.lines(slow)[8].hasSuffix("median 16.00 ms (target <= 15 ms): not met"))
    }

    @Test("a busy note only when the load average before was above 0.5")
    func busyNote() {
        #expect(MachineLoad.busyNote(before: 0.5, after: 3) == nil)
        #expect(MachineLoad.busyNote(before: nil, after: 3) == nil)
        #expect(MachineLoad.busyNote(before: 1.24, after: nil, cores: 2)
            == "note: the machine was busy before the benchmark started (load average 1.2 on 2 cores, 0.0 after it): figures are lower than on a quiet machine")
    }
}
