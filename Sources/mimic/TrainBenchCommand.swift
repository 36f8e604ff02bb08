import ArgumentParser
import Benchmarks
import Foundation

struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time `mimic train` end to end (data loading included) against the pure training step, in one run.",
        discussion: """
            Generates a dataset of synthetic recordings (the learnability test's scenes at \
            --screen pixels, built into shards by `mimic dataset build`'s code at the model's image \
            size), starts a training run on it (default config unless flags say otherwise) and times, \
            in alternating rounds:

              end to end   updates of `mimic train`'s loop: batches from the background loader \
                           (gather, random shift, history), forward, backward, clipping, AdamW at the \
                           schedule's rate, metrics.jsonl lines
              pure step    the same model config on one fixed batch already in memory, as \
                           `mimic bench train-step` measures it

            and prints samples/s of both, their ratio per round (median over the rounds), how long \
            the loop waited for data, and CPU time per update (other load on the machine disturbs \
            CPU time less than wall-clock time). Target (docs/training.md): end to end within 10% \
            of the pure step.

            Examples:
              swift build -c release && .build/release/mimic bench train
              .build/release/mimic bench train --steps 10 --rounds 5 --threads 2
              .build/release/mimic bench train --layers 2 --batch 16
            """
    )

    @Option(help: "Timed updates per round, of each kind.")
    var steps = 8

    @Option(help: "Rounds of (end to end, pure); the median ratio is reported.")
    var rounds = 3

    @Option(help: "Samples per update.")
    var batch = 32

    @Option(help: "Samples in the generated dataset (64 per episode; a tenth held out).")
    var samples = 2048

    @Option(help: "Side of the synthetic screens, in pixels (frames are resized to the model's image).")
    var screen = 256

    @Option(help: "Folder for the recordings, dataset and run (default: a temporary folder, removed afterwards).")
    var workDir: String?

    @Flag(help: "Keep the work folder.")
    var keep = false

    @OptionGroup var threads: ThreadOptions

    @OptionGroup(title: "Model config")
    var model: ModelConfigOptions

    func validate() throws {
        if steps < 1 || rounds < 1 || batch < 1 || samples < 64 || screen < 16 {
            throw ValidationError("--steps, --rounds and --batch must be at least 1, --samples at least 64, --screen at least 16")
        }
    }

    func run() throws {
        threads.apply()
        let work = workDir ?? NSTemporaryDirectory() + "mimic-bench-train-\(getpid())"
        var options = TrainBenchmark.Options()
        options.steps = steps
        options.rounds = rounds
        options.batch = batch
        options.samples = samples
        options.screen = screen
        let overrides = try model.overrides()
        let figures: TrainBenchmark.Figures
        do {
            defer { if !keep && workDir == nil { try? FileManager.default.removeItem(atPath: work) } }
            figures = try libraryCall {
                try TrainBenchmark.run(options, model: overrides, in: work) { event in
                    switch event {
                    case .started(let start): TrainBenchmark.lines(start).forEach { print($0) }
                    case .round(let round): print(TrainBenchmark.line(round))
                    }
                }
            }
        }
        TrainBenchmark.lines(figures, loadAverage: MachineLoad.average()).forEach { print($0) }
        if keep || workDir != nil { print("work folder: \(work)") }
    }
}
