import ArgumentParser
import Dataset
import Foundation
import Primitives
import NN
import Policy
import Training

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
        if FileManager.default.fileExists(atPath: work + "/data") || FileManager.default.fileExists(atPath: work + "/run") {
            throw CommandFailure("\(work): already holds a benchmark's data or run; choose another --work-dir or remove it")
        }
        defer { if !keep && workDir == nil { try? FileManager.default.removeItem(atPath: work) } }
        var overrides = try model.overrides()
        let width = overrides.imageWidth ?? 128, height = overrides.imageHeight ?? 128
        overrides.imageWidth = nil
        overrides.imageHeight = nil

        // 1. The dataset.
        var synthetic = SyntheticRecordings.Options()
        synthetic.episodes = (samples + 63) / 64
        synthetic.scenes = 64
        synthetic.screenWidth = screen
        synthetic.screenHeight = screen
        synthetic.squareSize = max(4, screen / 8)
        let generated = DispatchTime.now().uptimeNanoseconds
        let dataset = try SyntheticRecordings.buildDataset(in: work, options: synthetic, size: ImageSize(width: width, height: height),
                                                           valFraction: 0.1, history: overrides.historyLength ?? 4, bins: overrides.positionBins ?? 64)
        let generationSeconds = Double(DispatchTime.now().uptimeNanoseconds - generated) / 1e9

        // 2. A run on it (no validation, no checkpoints: only the training loop is timed) and a pure step beside it.
        var options = TrainingOptions()
        options.steps = 1_000_000
        options.batchSize = batch
        options.validateEvery = 0
        options.checkpointEvery = 0
        let run = try trainingCall { () throws(TrainingError) in
            try TrainingRun.start(dataset: dataset, folder: work + "/run", options: options, model: overrides, program: "mimic bench train")
        }
        defer { run.stopLoader() }
        let config = run.model.config
        let pure = try PolicyModel(config: config, vocabulary: run.model.vocabulary, seed: 0)
        let fixed = PolicyInputs.random(config: config, batch: batch, seed: 1)
        let optimizer = AdamW(layout: pure.parameters.layout, learningRate: 1e-4)
        func pureStep() throws {
            try pure.lossAndGradients(fixed)
            GradientClipping.clipGlobalNorm(pure.gradients, maxNorm: 1)
            optimizer.update(parameters: pure.parameters, gradients: pure.gradients)
        }
        print(String(format: "dataset: %d training samples of %dx%d from %d synthetic %dx%d episodes, generated and built in %.1f s",
                     run.trainSamples, width, height, synthetic.episodes, screen, screen, generationSeconds))
        print("model: \(run.config.parameters) parameters, \(config.tokens) tokens per sample, batch \(batch), \(NNRuntime.threadCount) threads")

        // Warm-up: workspaces allocated, the loader's queue full.
        for _ in 0..<2 { _ = try trainingCall { () throws(TrainingError) in try run.step() }; try pureStep() }

        var endToEnd: [Double] = [], pureTimes: [Double] = [], ratios: [Double] = [], waits: [Double] = [], preparations: [Double] = []
        var cpuEndToEnd: [Double] = [], cpuPure: [Double] = []
        for round in 1...rounds {
            var start = DispatchTime.now().uptimeNanoseconds
            var cpu = GEMMBenchmark.processCPUTime()
            for _ in 0..<steps {
                let report = try trainingCall { () throws(TrainingError) in try run.step() }
                waits.append(report.dataWait)
                preparations.append(report.batchPreparation)
            }
            let e2e = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(steps)
            cpuEndToEnd.append((GEMMBenchmark.processCPUTime() - cpu) / Double(steps))
            start = DispatchTime.now().uptimeNanoseconds
            cpu = GEMMBenchmark.processCPUTime()
            for _ in 0..<steps { try pureStep() }
            let p = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(steps)
            cpuPure.append((GEMMBenchmark.processCPUTime() - cpu) / Double(steps))
            endToEnd.append(e2e)
            pureTimes.append(p)
            ratios.append(p / e2e)
            print(String(format: "round %d: end to end %.1f ms per update (%.1f samples/s), pure step %.1f ms (%.1f samples/s): %.1f%%",
                         round, e2e * 1e3, Double(batch) / e2e, p * 1e3, Double(batch) / p, 100 * p / e2e))
        }
        let e2e = Statistics.median(endToEnd), p = Statistics.median(pureTimes)
        print("")
        print(String(format: "end to end (mimic train's loop, data loading included): %6.1f samples/s   (%.1f ms per update)", Double(batch) / e2e, e2e * 1e3))
        print(String(format: "pure training step (fixed batch in memory):             %6.1f samples/s   (%.1f ms per update)", Double(batch) / p, p * 1e3))
        print(String(format: "end to end / pure:                                      %6.1f%%   (target >= 90%%; median of the rounds' ratios)", 100 * Statistics.median(ratios)))
        print(String(format: "waiting for data:                                       mean %.2f ms, max %.2f ms per update", 1e3 * waits.reduce(0, +) / Double(waits.count), 1e3 * (waits.max() ?? 0)))
        print(String(format: "building a batch (loader thread):                       median %.2f ms (gather, random shift, history)", 1e3 * Statistics.median(preparations)))
        print(String(format: "CPU time per update:                                    end to end %.1f ms, pure %.1f ms (%.1f%%)",
                     Statistics.median(cpuEndToEnd) * 1e3, Statistics.median(cpuPure) * 1e3, 100 * Statistics.median(cpuPure) / Statistics.median(cpuEndToEnd)))
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").first, let value = Double(load), value > 0.5 {
            print(String(format: "note: load average %.1f on %d cores: other work shares the machine; compare the ratio, not the absolute figures",
                         value, ProcessInfo.processInfo.activeProcessorCount))
        }
        if keep || workDir != nil { print("work folder: \(work)") }
    }

}
