import ArgumentParser
import Foundation
import Primitives
import NN
import Policy

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how fast the parts run on this machine.",
        discussion: """
            Benchmarks print their figures and the targets of docs/ they are held to. They are never \
            part of the unit tests, whose timing would depend on the machine.

            Example:
              mimic bench train-step
            """,
        subcommands: [BenchTrainStep.self, BenchTrain.self, BenchDecision.self, BenchDataset.self, BenchRecord.self, BenchPNG.self]
    )
}

struct BenchTrainStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-step",
        abstract: "Time a full training step and batch-1 inference, against OpenBLAS sgemm at the model's shapes.",
        discussion: """
            Runs the model (default config unless flags say otherwise) on a seeded random batch: \
            full training steps (forward, loss, backward, gradient clipping, AdamW), then batch-1 \
            inference (`predict`). Then it times plain OpenBLAS sgemm on exactly the GEMM shapes one \
            step makes, each shape the better of OpenBLAS's own threading and one-thread calls run \
            side by side, and prints the step's speed as a percentage of that.

            Figures: samples/s; GFLOP/s counts only GEMM flops (attention included), the same \
            count for the step and for sgemm, so the percentage is sgemm-time / step-time. The \
            steps and the sgemm runs alternate in rounds, so that a busy machine affects both. It \
            also prints CPU time per step against one-thread sgemm's CPU time for the same GEMMs, \
            a ratio that other load on the machine disturbs much less than wall-clock time.

            Targets (docs/model.md): >= 80% of sgemm over a whole step; batch-1 inference <= 4 ms \
            with 2 threads.

            Examples:
              swift build -c release && .build/release/mimic bench train-step
              .build/release/mimic bench train-step --threads 1 --steps 5
              .build/release/mimic bench train-step --layers 2 --batch 8
            """
    )

    @Option(help: "Samples per training batch.")
    var batch = 32

    @Option(help: "Timed training steps per round.")
    var steps = 5

    @Option(help: "Rounds of (steps, sgemm reference); the median round is reported.")
    var rounds = 3

    @Option(help: "Timed batch-1 inferences.")
    var inferences = 200

    @Flag(help: "Also print where a step's time goes, op by op (timers add a little overhead), and sgemm at every GEMM shape, not only the 12 largest.")
    var profile = false

    @OptionGroup var threads: ThreadOptions

    @OptionGroup(title: "Model config")
    var model: ModelConfigOptions

    func validate() throws {
        if batch < 1 || steps < 1 || rounds < 1 || inferences < 1 {
            throw ValidationError("--batch, --steps, --rounds and --inferences must be at least 1")
        }
    }

    func run() throws {
        threads.apply()
        let threadCount = NNRuntime.threadCount
        let (config, vocabulary) = try model.resolve()
        let policy = try PolicyModel(config: config, vocabulary: vocabulary, seed: 0)
        let data = PolicyInputs.random(config: config, batch: batch, seed: 1)
        let optimizer = AdamW(layout: policy.parameters.layout, learningRate: 1e-4)
        func step() throws {
            try policy.lossAndGradients(data)
            GradientClipping.clipGlobalNorm(policy.gradients, maxNorm: 1)
            optimizer.update(parameters: policy.parameters, gradients: policy.gradients)
        }
        let loadBefore = BenchFigures.loadAverage()
        print("model: \(policy.parameters.layout.elementCount) parameters, \(config.tokens) tokens per sample, batch \(batch), \(threadCount) threads")
        print("config \(config.json())")

        // The GEMMs of one step, as the model makes them.
        try step()
        let shapes = try GEMMBenchmark.record { try policy.lossAndGradients(data) }
        let stepFlops = shapes.reduce(0) { $0 + $1.flops }

        // Rounds of (steps, sgemm alone), so that both see the same machine; the ratio is taken per round.
        var stepTimes: [Double] = [], sgemmTimes: [Double] = [], ratios: [Double] = [], stepCPU: [Double] = []
        var fastest = Double.infinity
        var groups: [GEMMBenchmark.Group] = []
        for round in 1...rounds {
            try step()
            var t: [Double] = []
            for _ in 0..<steps {
                let start = DispatchTime.now().uptimeNanoseconds, cpu = GEMMBenchmark.processCPUTime()
                try step()
                t.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                fastest = min(fastest, t.last!)
                stepCPU.append(GEMMBenchmark.processCPUTime() - cpu)
            }
            groups = GEMMBenchmark.measure(shapes, threads: threadCount, minSeconds: 0.03)
            let sgemm = groups.reduce(0) { $0 + Double($1.count) * $1.bestSeconds }
            let step = Statistics.median(t)
            stepTimes.append(step)
            sgemmTimes.append(sgemm)
            ratios.append(sgemm / step)
            print(String(format: "round %d: step %.1f ms (fastest %.1f), the same GEMMs in plain sgemm %.1f ms: %.1f%%",
                         round, step * 1e3, t.min()! * 1e3, sgemm * 1e3, 100 * sgemm / step))
        }
        let stepTime = Statistics.median(stepTimes), sgemmTime = Statistics.median(sgemmTimes)
        let gemmCPU = GEMMBenchmark.cpuSeconds(shapes), cpuPerStep = Statistics.median(stepCPU)

        // Batch-1 inference.
        let frame = Array(data.frames.prefix(config.imageHeight * config.imageWidth * 3))
        let history = [HistoryAction(type: .click, x: 0.3, y: 0.6), HistoryAction(type: .key, key: 1)]
        for _ in 0..<10 { _ = try policy.predict(frame: frame, history: history) }
        var latencies: [Double] = []
        for _ in 0..<inferences {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try policy.predict(frame: frame, history: history)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        latencies.sort()
        let inferenceShapes = try GEMMBenchmark.record { _ = try policy.predict(frame: frame, history: history) }
        let inferenceFlops = inferenceShapes.reduce(0) { $0 + $1.flops }
        let loadAfter = BenchFigures.loadAverage()

        print("")
        print("sgemm at the model's shapes (\(shapes.count) GEMMs per step, \(groups.count) distinct; the largest by work):")
        for g in groups.sorted(by: { Double($0.count) * $0.shape.flops > Double($1.count) * $1.shape.flops }).prefix(profile ? groups.count : 12) {
            print(String(format: "  %@ x%-4d  OpenBLAS threaded %6.1f GFLOP/s, one-thread calls side by side %6.1f GFLOP/s",
                         g.shape.description.padding(toLength: 16, withPad: " ", startingAt: 0), g.count,
                         g.shape.flops / g.threadedSeconds / 1e9, g.shape.flops / g.sideBySideSeconds / 1e9))
        }
        print("")
        let median50 = latencies[latencies.count / 2], p90 = latencies[latencies.count * 9 / 10]
        print(String(format: "training step (batch %d):  %.1f ms   %.1f samples/s   (fastest step %.1f ms)",
                     batch, stepTime * 1e3, Double(batch) / stepTime, fastest * 1e3))
        print(String(format: "GEMM work per step:        %.2f GFLOP", stepFlops / 1e9))
        print(String(format: "achieved:                  %.1f GFLOP/s", stepFlops / stepTime / 1e9))
        print(String(format: "sgemm at the same shapes:  %.1f GFLOP/s (%.1f ms)", stepFlops / sgemmTime / 1e9, sgemmTime * 1e3))
        print(String(format: "whole step vs sgemm:       %.1f%%   (target >= 80%%; median of the rounds' ratios)", 100 * Statistics.median(ratios)))
        print(String(format: "CPU time per step:         %.1f ms on %d threads; the same GEMMs as one-thread sgemm: %.1f ms CPU (%.1f GFLOP/s per core): %.1f%%",
                     cpuPerStep * 1e3, threadCount, gemmCPU * 1e3, stepFlops / gemmCPU / 1e9, 100 * gemmCPU / cpuPerStep))
        print("                           (CPU time is what other load on the machine disturbs least)")
        print(String(format: "inference, batch 1:        median %.2f ms, p90 %.2f ms, fastest %.2f ms   (target <= 4 ms with 2 threads)",
                     median50 * 1e3, p90 * 1e3, latencies[0] * 1e3))
        print(String(format: "                           %.0f MFLOP of GEMMs, %.1f GFLOP/s at the median", inferenceFlops / 1e6, inferenceFlops / median50 / 1e9))
        if profile {
            Profiler.enabled = true
            _ = Profiler.take()
            for _ in 0..<steps { try step() }
            Profiler.enabled = false
            print("")
            print("time per step by op (wall clock, summed over the threads that ran it; nested ops counted in both):")
            for (name, entry) in Profiler.take().sorted(by: { $0.value.seconds > $1.value.seconds }) {
                print(String(format: "  %@ %8.1f ms  %5d calls", name.padding(toLength: 24, withPad: " ", startingAt: 0),
                             entry.seconds / Double(steps) * 1e3, entry.calls / steps))
            }
        }
        if let note = BenchFigures.busyNote(before: loadBefore, after: loadAfter) { print(note) }
    }
}
