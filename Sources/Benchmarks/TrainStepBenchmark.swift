import Dataset
import Foundation
import NN
import Policy
import Primitives

/// `mimic bench train-step`: full training steps on a seeded random batch and batch-1 inference,
/// against plain OpenBLAS sgemm on exactly the GEMM shapes one step makes. Steps and sgemm alternate
/// in rounds, so that a busy machine affects both; the ratio is taken per round.
public enum TrainStepBenchmark {
    public struct Options: Sendable {
        public var batch = 32
        /// Timed training steps per round.
        public var steps = 5
        public var rounds = 3
        /// Timed batch-1 inferences.
        public var inferences = 200
        /// Also time the step op by op, and list sgemm at every shape, not only the 12 largest.
        public var profile = false
        public init() {}
    }

    public struct Start: Sendable, Equatable {
        public var parameters: Int
        public var tokens: Int
        public var batch: Int
        public var threads: Int
        public var configJSON: String
    }

    public struct RoundFigures: Sendable, Equatable {
        public var round: Int
        /// Median seconds of the round's steps, and its fastest.
        public var step: Double
        public var fastest: Double
        /// Seconds plain sgemm takes for one step's GEMMs.
        public var sgemm: Double
        public init(round: Int, step: Double, fastest: Double, sgemm: Double) {
            self.round = round; self.step = step; self.fastest = fastest; self.sgemm = sgemm
        }
    }

    public enum Progress: Sendable {
        case started(Start)
        case round(RoundFigures)
    }

    public struct Figures: Sendable {
        public var options: Options
        public var threads: Int
        /// GEMMs per step, and sgemm at each distinct shape (the last round's).
        public var gemmCount: Int
        public var groups: [GEMMBenchmark.Group]
        public var stepFlops: Double
        public var rounds: [RoundFigures]
        /// CPU seconds per step (median), and one-thread sgemm's CPU seconds for the same GEMMs.
        public var cpuPerStep: Double
        public var gemmCPU: Double
        /// Batch-1 inference latencies in seconds, sorted ascending.
        public var latencies: [Double]
        public var inferenceFlops: Double
        /// With `profile`: seconds and calls per step, by op.
        public var profile: [(name: String, seconds: Double, calls: Int)]
        public var stepTime: Double { Statistics.median(rounds.map(\.step)) }
        public var sgemmTime: Double { Statistics.median(rounds.map(\.sgemm)) }
        public var fastest: Double { rounds.map(\.fastest).min() ?? 0 }
        public var ratio: Double { Statistics.median(rounds.map { $0.sgemm / $0.step }) }
    }

    /// The GEMM work (flops) of a list of shapes.
    public static func flops(_ shapes: [GEMMShape]) -> Double { shapes.reduce(0) { $0 + $1.flops } }

    /// Runs on `NNRuntime.threadCount` threads (set by the caller).
    public static func run(config: PolicyConfig, vocabulary: KeyVocabulary, options: Options, progress: (Progress) -> Void) throws -> Figures {
        let threads = NNRuntime.threadCount
        let policy = try PolicyModel(config: config, vocabulary: vocabulary, seed: 0)
        let data = PolicyInputs.random(config: config, batch: options.batch, seed: 1)
        let optimizer = AdamW(layout: policy.parameters.layout, learningRate: 1e-4)
        func step() throws {
            try policy.lossAndGradients(data)
            GradientClipping.clipGlobalNorm(policy.gradients, maxNorm: 1)
            optimizer.update(parameters: policy.parameters, gradients: policy.gradients)
        }
        progress(.started(Start(parameters: policy.parameters.layout.elementCount, tokens: config.tokens, batch: options.batch,
                                threads: threads, configJSON: config.json())))

        // The GEMMs of one step, as the model makes them.
        try step()
        let shapes = try GEMMBenchmark.record { try policy.lossAndGradients(data) }

        var rounds: [RoundFigures] = [], stepCPU: [Double] = []
        var groups: [GEMMBenchmark.Group] = []
        for round in 1...options.rounds {
            try step()
            var times: [Double] = []
            for _ in 0..<options.steps {
                let start = DispatchTime.now().uptimeNanoseconds, cpu = CPUTime.process()
                try step()
                times.append(CPUTime.secondsSince(start))
                stepCPU.append(CPUTime.process() - cpu)
            }
            groups = GEMMBenchmark.measure(shapes, threads: threads, minSeconds: 0.03)
            let figures = RoundFigures(round: round, step: Statistics.median(times), fastest: times.min()!,
                                       sgemm: groups.reduce(0) { $0 + Double($1.count) * $1.bestSeconds })
            progress(.round(figures))
            rounds.append(figures)
        }
        let gemmCPU = GEMMBenchmark.cpuSeconds(shapes)

        // Batch-1 inference.
        let frame = Array(data.frames.prefix(config.imageHeight * config.imageWidth * 3))
        let history = [HistoryAction(type: .click, x: 0.3, y: 0.6), HistoryAction(type: .key, key: 1)]
        for _ in 0..<10 { _ = try policy.predict(frame: frame, history: history) }
        var latencies: [Double] = []
        for _ in 0..<options.inferences {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try policy.predict(frame: frame, history: history)
            latencies.append(CPUTime.secondsSince(start))
        }
        let inferenceShapes = try GEMMBenchmark.record { _ = try policy.predict(frame: frame, history: history) }

        var profile: [(name: String, seconds: Double, calls: Int)] = []
        if options.profile {
            Profiler.enabled = true
            _ = Profiler.take()
            for _ in 0..<options.steps { try step() }
            Profiler.enabled = false
            profile = Profiler.take().sorted { $0.value.seconds > $1.value.seconds }
                .map { ($0.key, $0.value.seconds / Double(options.steps), $0.value.calls / options.steps) }
        }
        return Figures(options: options, threads: threads, gemmCount: shapes.count, groups: groups, stepFlops: flops(shapes), rounds: rounds,
                       cpuPerStep: Statistics.median(stepCPU), gemmCPU: gemmCPU, latencies: latencies.sorted(),
                       inferenceFlops: flops(inferenceShapes), profile: profile)
    }

    public static func lines(_ start: Start) -> [String] {
        ["model: \(start.parameters) parameters, \(start.tokens) tokens per sample, batch \(start.batch), \(start.threads) threads",
         "config \(start.configJSON)"]
    }

    public static func line(_ r: RoundFigures) -> String {
        String(format: "round %d: step %.1f ms (fastest %.1f), the same GEMMs in plain sgemm %.1f ms: %.1f%%",
               r.round, r.step * 1e3, r.fastest * 1e3, r.sgemm * 1e3, 100 * r.sgemm / r.step)
    }

    /// The groups with the most work first: the 12 largest, or all with `all`.
    public static func largestGroups(_ groups: [GEMMBenchmark.Group], all: Bool) -> [GEMMBenchmark.Group] {
        Array(groups.sorted { Double($0.count) * $0.shape.flops > Double($1.count) * $1.shape.flops }.prefix(all ? groups.count : 12))
    }

    /// Everything after the rounds (starting with an empty line).
    public static func lines(_ f: Figures) -> [String] {
        var lines = ["", "sgemm at the model's shapes (\(f.gemmCount) GEMMs per step, \(f.groups.count) distinct; the largest by work):"]
        for g in largestGroups(f.groups, all: f.options.profile) {
            lines.append(String(format: "  %@ x%-4d  OpenBLAS threaded %6.1f GFLOP/s, one-thread calls side by side %6.1f GFLOP/s",
                                g.shape.description.padding(toLength: 16, withPad: " ", startingAt: 0), g.count,
                                g.shape.flops / g.threadedSeconds / 1e9, g.shape.flops / g.sideBySideSeconds / 1e9))
        }
        let median = Statistics.median(f.latencies), p90 = Statistics.percentile(sorted: f.latencies, 0.9)
        let stepTime = f.stepTime, sgemmTime = f.sgemmTime
        lines += [
            "",
            String(format: "training step (batch %d):  %.1f ms   %.1f samples/s   (fastest step %.1f ms)",
                   f.options.batch, stepTime * 1e3, Double(f.options.batch) / stepTime, f.fastest * 1e3),
            String(format: "GEMM work per step:        %.2f GFLOP", f.stepFlops / 1e9),
            String(format: "achieved:                  %.1f GFLOP/s", f.stepFlops / stepTime / 1e9),
            String(format: "sgemm at the same shapes:  %.1f GFLOP/s (%.1f ms)", f.stepFlops / sgemmTime / 1e9, sgemmTime * 1e3),
            String(format: "whole step vs sgemm:       %.1f%%   (target >= 80%%; median of the rounds' ratios)", 100 * f.ratio),
            String(format: "CPU time per step:         %.1f ms on %d threads; the same GEMMs as one-thread sgemm: %.1f ms CPU (%.1f GFLOP/s per core): %.1f%%",
                   f.cpuPerStep * 1e3, f.threads, f.gemmCPU * 1e3, f.stepFlops / f.gemmCPU / 1e9, 100 * f.gemmCPU / f.cpuPerStep),
            "                           (CPU time is what other load on the machine disturbs least)",
            String(format: "inference, batch 1:        median %.2f ms, p90 %.2f ms, fastest %.2f ms   (target <= 4 ms with 2 threads)",
                   median * 1e3, p90 * 1e3, (f.latencies.first ?? 0) * 1e3),
            String(format: "                           %.0f MFLOP of GEMMs, %.1f GFLOP/s at the median", f.inferenceFlops / 1e6, f.inferenceFlops / median / 1e9),
        ]
        if f.options.profile {
            lines += ["", "time per step by op (wall clock, summed over the threads that ran it; nested ops counted in both):"]
            for entry in f.profile {
                lines.append(String(format: "  %@ %8.1f ms  %5d calls", entry.name.padding(toLength: 24, withPad: " ", startingAt: 0),
                                    entry.seconds * 1e3, entry.calls))
            }
        }
        return lines
    }
}
