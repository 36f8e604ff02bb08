import ArgumentParser
import Foundation
import NN
import Policy
import Training

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the policy on a dataset's shards: progress, checkpoints, validation, resume, report.",
        discussion: """
            Trains the model of docs/model.md on the shards of `mimic dataset build`: AdamW with linear \
            warm-up and cosine decay, global-norm gradient clipping, seeded shuffling, batches prepared \
            (and shifted a few pixels at random) on a background thread. One status line shows step, \
            epoch, loss, learning rate, samples/s and time left; every --val-every steps and at the end \
            the held-out episodes are scored (loss per head, type, pointer and key accuracy, median \
            pointer error in screen pixels, per action type).

            The model takes its image size, history length, bins and key vocabulary from the dataset; \
            the other config flags (--d-model, --layers, ...) size it.

            models/<run>/ receives config.json, last.safetensors and best.safetensors (weights, config \
            and vocabulary), optimizer.safetensors (AdamW moments, step, data order), metrics.jsonl and \
            report.html (the curves; opens offline). Ctrl-C or SIGTERM writes a checkpoint and exits \
            (status 130); --resume continues exactly where it stopped: the same losses, bit for bit, as \
            a run that was never interrupted (same --threads). A loss that becomes NaN or infinite stops \
            the run with status 1 and keeps the last good checkpoint. Details: docs/training.md.

            Examples:
              mimic train data/first --out models/first
              mimic train data/first --out models/small --steps 500 --d-model 64 --layers 2
              mimic train data/gym --out models/demo --preset demo     # conv-stem model, lr 4e-3, 3000 steps
              mimic train data/first --out models/night --time 8h --batch 64 --lr 5e-4
              mimic train --out models/first --resume
              mimic view models/first
            """
    )

    @Argument(help: "The dataset folder (data/<name>). With --resume it may be left out: the run's own is used.")
    var dataset: String?

    @Option(name: .shortAndLong, help: "The run folder, e.g. models/first.")
    var out: String

    @Option(help: "Optimizer updates to run. (default: \(TrainingOptions.defaultSteps), unless --epochs or --time)")
    var steps: Int?

    @Option(help: "Passes over the training samples, instead of --steps (may be fractional).")
    var epochs: Double?

    @Option(help: ArgumentHelp("Training time, e.g. 10m or 2h (across resumes). Alone, it sets the schedule's length from the speed measured over the first 10 steps; with --steps or --epochs it only bounds the run.", valueName: "duration"))
    var time: DurationArgument?

    @Option(help: "Samples per update. (default: 32)")
    var batch: Int?

    @Option(help: "Peak learning rate, after the warm-up. (default: 3e-4)")
    var lr: Float?

    @Option(name: .customLong("min-lr"), help: "Learning rate at the end of the cosine decay. (default: --lr / 10)")
    var minLR: Float?

    @Option(help: "Updates of linear learning-rate warm-up. (default: 200)")
    var warmup: Int?

    @Option(name: .customLong("weight-decay"), help: "AdamW weight decay, on 2-D weights. (default: 0.1)")
    var weightDecay: Float?

    @Option(help: "Clip the global gradient norm to this; 0: no clipping. (default: 1)")
    var clip: Float?

    @Option(help: "Seed of the initial weights, the sample order and the augmentation. (default: 0)")
    var seed: UInt64?

    @Option(help: "Largest random shift of training frames, in model pixels; 0: none. (default: 4)")
    var shift: Int?

    @Option(name: .customLong("val-every"), help: "Validate (and checkpoint) every N steps; 0: only at the end. (default: 250)")
    var valEvery: Int?

    @Option(name: .customLong("val-samples"), help: "Validation samples used, an evenly spread subset; 0: all. (default: 1024)")
    var valSamples: Int?

    @Option(name: .customLong("checkpoint-every"), help: "Write last.safetensors every N steps; 0: only at validations, stops and the end. (default: 250)")
    var checkpointEvery: Int?

    @Option(name: .customLong("log-every"), help: "One metrics.jsonl line per N steps. (default: 10)")
    var logEvery: Int?

    @Flag(help: "Continue the run in --out from its last checkpoint (flags, if given, must match the run's).")
    var resume = false

    @OptionGroup var threads: ThreadOptions

    @OptionGroup(title: "Model config (new runs; image size, history, bins and key vocabulary come from the dataset)")
    var model: ModelConfigOptions

    func validate() throws {
        if !resume && dataset == nil { throw ValidationError("name the dataset folder (data/<name>), or pass --resume to continue a run") }
        if steps != nil && epochs != nil { throw ValidationError("give --steps or --epochs, not both") }
    }

    /// The training options: `base` with every flag given applied over it.
    func options(over base: TrainingOptions) -> TrainingOptions {
        var o = base
        if let steps { o.steps = steps; if !resume { o.epochs = nil } }
        if let epochs { o.epochs = epochs; if !resume { o.steps = nil } }
        if let time {
            // Alone, --time sets the schedule's length from the speed, also over a preset's step count.
            if !resume && steps == nil && epochs == nil { o.limitToTime(time.seconds) } else { o.timeLimit = time.seconds }
        }
        if let batch { o.batchSize = batch }
        if let lr { o.learningRate = lr }
        if let minLR { o.minLearningRate = minLR }
        if let warmup { o.warmupSteps = warmup }
        if let weightDecay { o.weightDecay = weightDecay }
        if let clip { o.clipNorm = clip }
        if let seed { o.seed = seed }
        if let shift { o.maxShift = shift }
        if let valEvery { o.validateEvery = valEvery }
        if let valSamples { o.validationSamples = valSamples }
        if let checkpointEvery { o.checkpointEvery = checkpointEvery }
        if let logEvery { o.logEvery = logEvery }
        return o
    }

    func run() throws {
        let stop = StopSignals()
        var announced = false
        let shouldStop = { () -> Bool in
            guard stop.received else { return false }
            if !announced {
                announced = true
                stop.restore()  // a second Ctrl-C ends the process at once
                FileHandle.standardError.write(Data("\nstopping: finishing this step and writing a checkpoint (Ctrl-C again to quit at once)\n".utf8))
            }
            return true
        }
        defer { if !announced { stop.restore() } }

        let progress = ProgressLine()
        defer { progress.update("", force: true) }
        let logging = isatty(STDERR_FILENO) == 0
        let loading = { (done: Int, total: Int) in progress.update(done: done, total: total, unit: "shards loaded") }
        let overrides = try model.overrides()
        let run: TrainingRun
        if resume {
            let saved = try libraryCall { () throws(TrainingError) in try TrainingRun.savedConfig(folder: out) }
            NNRuntime.setThreadCount(threads.threads ?? (ProcessInfo.processInfo.environment["MIMIC_THREADS"] == nil ? saved.threads : NNRuntime.defaultThreadCount))
            let options = options(over: saved.training)
            run = try libraryCall { () throws(TrainingError) in
                try TrainingRun.resume(folder: out, dataset: dataset, options: options, model: overrides, loading: loading)
            }
        } else {
            threads.apply()
            // A preset brings its training recipe (flags still win): --preset demo trains as TrainingOptions.demo.
            let options = options(over: model.preset == .demo ? TrainingOptions.demo() : TrainingOptions())
            run = try libraryCall { () throws(TrainingError) in
                try TrainingRun.start(dataset: dataset!, folder: out, options: options, model: overrides,
                                      program: "mimic \(Mimic.version)", loading: loading)
            }
        }
        progress.update("", force: true)  // clears the loading line on a terminal
        say(Train.header(run, resumed: resume))
        for note in run.notes { say("note: " + note) }

        let outcome = try libraryCall { () throws(TrainingError) in
            try run.run(shouldStop: shouldStop) { event in
                switch event {
                case .step(let report):
                    let text = Train.progressText(report)
                    progress.update(text, force: report.step == report.totalSteps)
                    // Without a terminal the live line is not drawn: a plain line now and then instead.
                    if logging && report.step % (10 * run.options.logEvery) == 0 {
                        FileHandle.standardError.write(Data((text + "\n").utf8))
                    }
                case .validation(let record):
                    progress.update("", force: true)
                    say(Train.validationLine(record))
                case .checkpoint:
                    break
                }
            }
        }
        progress.update("", force: true)
        switch outcome {
        case .finished(let step):
            say(Train.summary(run, step: step))
        case .alreadyFinished(let step):
            say("\(out): the run already finished at step \(step); nothing to do. Report: \(out)/\(RunLayout.report)")
        case .stopped(let step):
            say("stopped at step \(step): checkpoint written to \(out)/\(RunLayout.last); continue with: mimic train --out \(out) --resume")
            throw ExitCode(130)
        }
    }

    static func header(_ run: TrainingRun, resumed: Bool) -> String {
        let c = run.config, o = c.training
        var length = run.state.totalSteps.map { total in
            String(format: "%d steps of %d (%.1f epochs)", total, o.batchSize, Double(total * o.batchSize) / Double(run.trainSamples))
        } ?? "batches of \(o.batchSize) for \(ProgressLine.duration(o.timeLimit ?? 0)) (length set after 10 steps)"
        if let limit = o.timeLimit, run.state.totalSteps != nil { length += ", at most \(ProgressLine.duration(limit))" }
        let verb = resumed ? "resuming \(run.folder) at step \(run.state.step)" : "training \(run.folder)"
        return "\(verb): \(run.trainSamples) samples (\(run.validationSamples) validated) from \(c.dataset.path); "
            + "\(c.parameters) parameters; \(length); lr \(o.learningRate); \(NNRuntime.threadCount) threads"
    }

    static func progressText(_ r: StepReport) -> String {
        let steps = r.totalSteps.map { "\(r.step)/\($0) (\(100 * r.step / max($0, 1))%)" } ?? "\(r.step)"
        let left = r.secondsLeft.map { ProgressLine.duration($0) + " left" } ?? "measuring speed"
        return String(format: "step %@  epoch %.2f  loss %.4f  lr %.2e  %.1f samples/s  %@",
                      steps, r.epoch, r.loss.total, Double(r.learningRate), r.samplesPerSecond, left)
    }

    static func validationLine(_ v: ValidationRecord) -> String {
        let o = v.overall
        var parts = [String(format: "step %d  val loss %.4f", v.step, o.loss), String(format: "type %.1f%%", 100 * o.typeAccuracy),
                     String(format: "action %.1f%%", 100 * o.actionAccuracy)]
        if let p = o.pointerInPatch { parts.append(String(format: "pointer in patch %.1f%%", 100 * p)) }
        if let e = o.pointerErrorPx { parts.append(String(format: "error %.1f px", e)) }
        if let k = o.keyAccuracy { parts.append(String(format: "key %.1f%%", 100 * k)) }
        return parts.joined(separator: "  ") + (v.best ? "  (best)" : "") + String(format: "  [%d samples, %.1f s]", o.samples, v.seconds)
    }

    static func summary(_ run: TrainingRun, step: Int) -> String {
        var lines = [String(format: "finished: %d steps, %@ of training", step, ProgressLine.duration(run.state.elapsed))]
        if let best = run.state.bestStep, let loss = run.state.bestValidationLoss {
            lines.append(String(format: "  best validation: step %d, loss %.4f: %@/%@", best, loss, run.folder, RunLayout.best))
        }
        lines.append("  last weights: \(run.folder)/\(RunLayout.last)")
        lines.append("  curves: \(run.folder)/\(RunLayout.report)  (or: mimic view \(run.folder))")
        return lines.joined(separator: "\n")
    }
}

/// Writes a line to stdout at once (unbuffered), so that a log file follows the run as it goes.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

extension ModelConfigOptions {
    /// The model flags given, as overrides of what the dataset and the defaults say.
    func overrides() throws -> ModelOverrides {
        var o = ModelOverrides()
        o.preset = preset
        o.stemChannels = stem?.channels
        o.stemPool = stemPool
        o.colorCells = colorCells
        o.patchQuery = patchQuery
        o.patchQueryRows = patchQueryRows
        if let size = try imageSize() { o.imageWidth = size.width; o.imageHeight = size.height }
        o.patchSize = patch
        o.width = dModel
        o.heads = heads
        o.layers = layers
        o.mlpWidth = mlp
        o.historyLength = history
        o.positionBins = bins
        o.initStd = initStd
        o.vocabulary = try vocabularyNames()
        return o
    }
}
