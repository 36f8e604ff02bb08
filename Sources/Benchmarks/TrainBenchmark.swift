import Dataset
import Foundation
import NN
import Policy
import Primitives
import Training

/// `mimic bench train`: `mimic train`'s loop end to end (batches from the background loader) against
/// the pure training step on one fixed batch, in alternating rounds, on a dataset of synthetic recordings.
public enum TrainBenchmark {
    public struct Options: Sendable {
        /// Timed updates per round, of each kind.
        public var steps = 8
        public var rounds = 3
        public var batch = 32
        /// Samples in the generated dataset (64 per episode; a tenth held out).
        public var samples = 2048
        /// Side of the synthetic screens, in pixels.
        public var screen = 256
        public init() {}
    }

    public struct Start: Sendable, Equatable {
        public var trainSamples: Int
        public var imageWidth: Int
        public var imageHeight: Int
        public var episodes: Int
        public var screen: Int
        public var generationSeconds: Double
        public var parameters: Int
        public var tokens: Int
        public var batch: Int
        public var threads: Int
        public init(trainSamples: Int, imageWidth: Int, imageHeight: Int, episodes: Int, screen: Int, generationSeconds: Double,
                    parameters: Int, tokens: Int, batch: Int, threads: Int) {
            self.trainSamples = trainSamples; self.imageWidth = imageWidth; self.imageHeight = imageHeight; self.episodes = episodes
            self.screen = screen; self.generationSeconds = generationSeconds; self.parameters = parameters; self.tokens = tokens
            self.batch = batch; self.threads = threads
        }
    }

    /// Seconds per update in one round, wall clock and CPU.
    public struct RoundFigures: Sendable, Equatable {
        public var round: Int
        public var batch: Int
        public var endToEnd: Double
        public var pure: Double
        public var cpuEndToEnd: Double
        public var cpuPure: Double
        public init(round: Int, batch: Int, endToEnd: Double, pure: Double, cpuEndToEnd: Double, cpuPure: Double) {
            self.round = round; self.batch = batch; self.endToEnd = endToEnd; self.pure = pure
            self.cpuEndToEnd = cpuEndToEnd; self.cpuPure = cpuPure
        }
    }

    public enum Progress: Sendable {
        case started(Start)
        case round(RoundFigures)
    }

    public struct Figures: Sendable, Equatable {
        public var batch: Int
        public var rounds: [RoundFigures]
        /// Per update, in seconds: the loop's wait for a batch, and the loader's time to build one.
        public var dataWaits: [Double]
        public var batchPreparations: [Double]
        public init(batch: Int, rounds: [RoundFigures], dataWaits: [Double], batchPreparations: [Double]) {
            self.batch = batch; self.rounds = rounds; self.dataWaits = dataWaits; self.batchPreparations = batchPreparations
        }
    }

    /// Generates the dataset and the run under `work` (which must hold neither yet) and times them.
    public static func run(_ options: Options, model: ModelOverrides, in work: String, progress: (Progress) -> Void) throws -> Figures {
        if FileManager.default.fileExists(atPath: work + "/data") || FileManager.default.fileExists(atPath: work + "/run") {
            throw BenchmarkError.workFolderInUse(path: work)
        }
        var overrides = model
        let width = overrides.imageWidth ?? 128, height = overrides.imageHeight ?? 128
        overrides.imageWidth = nil
        overrides.imageHeight = nil

        // 1. The dataset.
        var synthetic = SyntheticRecordings.Options()
        synthetic.episodes = (options.samples + 63) / 64
        synthetic.scenes = 64
        synthetic.screenWidth = options.screen
        synthetic.screenHeight = options.screen
        synthetic.squareSize = max(4, options.screen / 8)
        let generated = DispatchTime.now().uptimeNanoseconds
        let dataset = try SyntheticRecordings.buildDataset(in: work, options: synthetic, size: ImageSize(width: width, height: height),
                                                           valFraction: 0.1, history: overrides.historyLength ?? 4, bins: overrides.positionBins ?? 64)
        let generationSeconds = CPUTime.secondsSince(generated)

        // 2. A run on it (no validation, no checkpoints: only the training loop is timed) and a pure step beside it.
        var training = TrainingOptions()
        training.steps = 1_000_000
        training.batchSize = options.batch
        training.validateEvery = 0
        training.checkpointEvery = 0
        let run = try TrainingRun.start(dataset: dataset, folder: work + "/run", options: training, model: overrides, program: "mimic bench train")
        defer { run.stopLoader() }
        let config = run.model.config
        let pure = try PolicyModel(config: config, vocabulary: run.model.vocabulary, seed: 0)
        let fixed = PolicyInputs.random(config: config, batch: options.batch, seed: 1)
        let optimizer = AdamW(layout: pure.parameters.layout, learningRate: 1e-4)
        func pureStep() throws {
            try pure.lossAndGradients(fixed)
            GradientClipping.clipGlobalNorm(pure.gradients, maxNorm: 1)
            optimizer.update(parameters: pure.parameters, gradients: pure.gradients)
        }
        progress(.started(Start(trainSamples: run.trainSamples, imageWidth: width, imageHeight: height, episodes: synthetic.episodes,
                                screen: options.screen, generationSeconds: generationSeconds, parameters: run.config.parameters,
                                tokens: config.tokens, batch: options.batch, threads: NNRuntime.threadCount)))

        // Warm-up: workspaces allocated, the loader's queue full.
        for _ in 0..<2 { _ = try run.step(); try pureStep() }

        var rounds: [RoundFigures] = [], waits: [Double] = [], preparations: [Double] = []
        for round in 1...options.rounds {
            var start = DispatchTime.now().uptimeNanoseconds
            var cpu = CPUTime.process()
            for _ in 0..<options.steps {
                let report = try run.step()
                waits.append(report.dataWait)
                preparations.append(report.batchPreparation)
            }
            let endToEnd = CPUTime.secondsSince(start) / Double(options.steps)
            let cpuEndToEnd = (CPUTime.process() - cpu) / Double(options.steps)
            start = DispatchTime.now().uptimeNanoseconds
            cpu = CPUTime.process()
            for _ in 0..<options.steps { try pureStep() }
            let figures = RoundFigures(round: round, batch: options.batch, endToEnd: endToEnd,
                                       pure: CPUTime.secondsSince(start) / Double(options.steps), cpuEndToEnd: cpuEndToEnd,
                                       cpuPure: (CPUTime.process() - cpu) / Double(options.steps))
            progress(.round(figures))
            rounds.append(figures)
        }
        return Figures(batch: options.batch, rounds: rounds, dataWaits: waits, batchPreparations: preparations)
    }

    public static func lines(_ s: Start) -> [String] {
        [String(format: "dataset: %d training samples of %dx%d from %d synthetic %dx%d episodes, generated and built in %.1f s",
                s.trainSamples, s.imageWidth, s.imageHeight, s.episodes, s.screen, s.screen, s.generationSeconds),
         "model: \(s.parameters) parameters, \(s.tokens) tokens per sample, batch \(s.batch), \(s.threads) threads"]
    }

    public static func line(_ r: RoundFigures) -> String {
        String(format: "round %d: end to end %.1f ms per update (%.1f samples/s), pure step %.1f ms (%.1f samples/s): %.1f%%",
               r.round, r.endToEnd * 1e3, Double(r.batch) / r.endToEnd, r.pure * 1e3, Double(r.batch) / r.pure, 100 * r.pure / r.endToEnd)
    }

    /// The summary after the rounds (starting with an empty line); a note when the load average was above 0.5.
    public static func lines(_ f: Figures, loadAverage: Double?, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> [String] {
        let e2e = Statistics.median(f.rounds.map(\.endToEnd)), p = Statistics.median(f.rounds.map(\.pure))
        let ratio = Statistics.median(f.rounds.map { $0.pure / $0.endToEnd })
        let cpuEndToEnd = Statistics.median(f.rounds.map(\.cpuEndToEnd)), cpuPure = Statistics.median(f.rounds.map(\.cpuPure))
        let batch = Double(f.batch)
        var lines = [
            "",
            String(format: "end to end (mimic train's loop, data loading included): %6.1f samples/s   (%.1f ms per update)", batch / e2e, e2e * 1e3),
            String(format: "pure training step (fixed batch in memory):             %6.1f samples/s   (%.1f ms per update)", batch / p, p * 1e3),
            String(format: "end to end / pure:                                      %6.1f%%   (target >= 90%%; median of the rounds' ratios)", 100 * ratio),
            String(format: "waiting for data:                                       mean %.2f ms, max %.2f ms per update",
                   1e3 * f.dataWaits.reduce(0, +) / Double(max(1, f.dataWaits.count)), 1e3 * (f.dataWaits.max() ?? 0)),
            String(format: "building a batch (loader thread):                       median %.2f ms (gather, random shift, history)", 1e3 * Statistics.median(f.batchPreparations)),
            String(format: "CPU time per update:                                    end to end %.1f ms, pure %.1f ms (%.1f%%)",
                   cpuEndToEnd * 1e3, cpuPure * 1e3, 100 * cpuPure / cpuEndToEnd),
        ]
        if let load = loadAverage, load > 0.5 {
            lines.append(String(format: "note: load average %.1f on %d cores: other work shares the machine; compare the ratio, not the absolute figures", load, cores))
        }
        return lines
    }
}
