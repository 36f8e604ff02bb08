import ArgumentParser
import Benchmarks
import NN

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
        let (config, vocabulary) = try model.resolve()
        var options = TrainStepBenchmark.Options()
        options.batch = batch
        options.steps = steps
        options.rounds = rounds
        options.inferences = inferences
        options.profile = profile
        let loadBefore = MachineLoad.average()
        let figures = try TrainStepBenchmark.run(config: config, vocabulary: vocabulary, options: options) { event in
            switch event {
            case .started(let start): TrainStepBenchmark.lines(start).forEach { print($0) }
            case .round(let round): print(TrainStepBenchmark.line(round))
            }
        }
        let loadAfter = MachineLoad.average()
        TrainStepBenchmark.lines(figures).forEach { print($0) }
        if let note = MachineLoad.busyNote(before: loadBefore, after: loadAfter) { print(note) }
    }
}
