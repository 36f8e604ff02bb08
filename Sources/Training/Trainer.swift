import Dataset
import Foundation
import NN
import Policy

/// What one update did.
public struct StepReport: Sendable {
    /// Updates done, this one included.
    public var step: Int
    /// The schedule's length (nil while a time-bounded run has not measured its speed yet).
    public var totalSteps: Int?
    public var epoch: Double
    public var loss: PolicyLoss
    public var learningRate: Float
    public var gradientNorm: Float
    /// Over the last updates (at most 20), waiting for data included.
    public var samplesPerSecond: Double
    /// Until the run ends, at the recent speed (validations not counted); nil while unknown.
    public var secondsLeft: Double?
    /// Seconds this update waited for its batch.
    public var dataWait: Double
    /// Seconds the loader thread took to build the batch (gather, shift, history), meanwhile.
    public var batchPreparation: Double
}

public enum TrainingEvent: Sendable {
    case step(StepReport)
    case validation(ValidationRecord)
    case checkpoint(step: Int)
}

public enum TrainingOutcome: Sendable, Equatable {
    /// Every step done, the final validation and checkpoint written.
    case finished(step: Int)
    /// Stopped on request: a checkpoint was written; --resume continues.
    case stopped(step: Int)
    /// --resume on a run that had already finished: nothing was done.
    case alreadyFinished(step: Int)
}

/// A training run: the model, AdamW, the data, and the files in the run folder (RunLayout). The loop knows
/// the model only through PolicyModel's public API: lossAndGradients, forward, save, load.
///
///     let run = try TrainingRun.start(dataset: "data/first", folder: "models/first", options: options, model: ModelOverrides())
///     let outcome = try run.run(shouldStop: { signals.received }, observe: { event in ... })
///
/// Each update: the next batch from the background loader, forward and backward, global-norm clipping,
/// AdamW at the schedule's learning rate. Every `validateEvery` steps and at the end: validation (and
/// best.safetensors when the loss is the lowest so far) and a checkpoint; every `checkpointEvery` steps a
/// checkpoint; metrics.jsonl gets a line every `logEvery` steps; report.html is rewritten at each validation
/// and when the run stops.
public final class TrainingRun {
    public let folder: String
    public let config: RunConfig
    public let model: PolicyModel
    public let data: TrainingData
    public let metrics: MetricsLog
    public private(set) var state: TrainerState
    /// Things worth telling the user before training starts (no validation split, another thread count...).
    public private(set) var notes: [String] = []

    let optimizer: AdamW
    let train: SampleStore
    let assembler: BatchAssembler
    let validator: Validator?
    private var schedule: LearningRateSchedule
    private var loader: BatchLoader?
    private var window = LogWindow()
    private var recent: [Double] = []
    private var timed: [Double] = []
    private var lastCheckpointStep: Int?

    public var options: TrainingOptions { config.training }
    public var trainSamples: Int { train.count }
    public var validationSamples: Int { validator?.subset.count ?? 0 }

    private init(folder: String, config: RunConfig, model: PolicyModel, optimizer: AdamW, state: TrainerState,
                 data: TrainingData, metrics: MetricsLog) {
        self.folder = folder
        self.config = config
        self.model = model
        self.optimizer = optimizer
        self.state = state
        self.data = data
        self.metrics = metrics
        let o = config.training
        train = data.train!
        assembler = BatchAssembler(store: train, config: model.config, maxShift: o.maxShift, seed: o.seed)
        validator = data.val.map {
            Validator(store: $0, config: model.config, geometries: data.geometries(), tasks: data.tasks(), batchSize: o.batchSize,
                      limit: o.validationSamples)
        }
        schedule = LearningRateSchedule(peak: o.learningRate, floor: o.finalLearningRate, warmup: o.warmupSteps, total: state.totalSteps)
        if data.val == nil {
            notes.append("the dataset has no validation samples (build it with --val above 0 and two or more episodes): "
                         + "no validation, no best.safetensors")
        }
    }

    // MARK: - Starting and resuming

    /// A new run into `folder`, which must not hold one. Nothing is written until every check has passed:
    /// options, dataset, model flags against the dataset, every shard against the model.
    public static func start(dataset: String, folder: String, options: TrainingOptions, model overrides: ModelOverrides,
                             program: String = "mimic", loading: (Int, Int) -> Void = { _, _ in }) throws(TrainingError) -> TrainingRun {
        try options.validate()
        let existing = RunFiles.existing(in: folder)
        if !existing.isEmpty { throw .runFolderInUse(path: folder, holding: RunFiles.describe(folder, files: existing)) }
        var data = try TrainingData.open(dataset)
        let (c, keys) = try overrides.config(for: data.shape)
        try data.load(config: c, vocabulary: keys, progress: loading)
        let model: PolicyModel
        do { model = try PolicyModel(config: c, vocabulary: keys, seed: options.seed) } catch { throw .model(error) }
        let config = RunConfig(
            createdAt: TrainingRun.timestamp(), program: program, dataset: data.fingerprint, model: c, keyVocabulary: keys.names,
            parameters: model.parameters.layout.elementCount, training: options, threads: NNRuntime.threadCount)
        try RunFiles.createFolder(folder)
        try config.write(folder: folder)
        let optimizer = AdamW(layout: model.parameters.layout, learningRate: options.learningRate, weightDecay: options.weightDecay)
        var state = TrainerState()
        state.totalSteps = options.plannedSteps(trainSamples: data.train!.count)
        let metrics = try MetricsLog(path: folder + "/" + RunLayout.metrics, keepThrough: nil)
        let run = TrainingRun(folder: folder, config: config, model: model, optimizer: optimizer, state: state, data: data, metrics: metrics)
        try run.metrics.append(.event(EventRecord(step: 0, event: "started", message:
            "\(data.train!.count) training samples, \(run.validationSamples) validation samples; \(config.parameters) parameters; \(NNRuntime.threadCount) threads")))
        return run
    }

    /// The run in `folder`, continued from its last checkpoint. `options` are the run's own with any flags
    /// given applied over them: any difference, a model flag that contradicts the model, or a dataset other
    /// than the run's is refused before anything is written.
    public static func resume(folder: String, dataset: String? = nil, options: TrainingOptions, model overrides: ModelOverrides,
                              loading: (Int, Int) -> Void = { _, _ in }) throws(TrainingError) -> TrainingRun {
        let saved = try RunConfig.read(folder: folder)
        var differences = options.differences(from: saved.training)
        if let keys = try? KeyVocabulary(names: saved.keyVocabulary) {
            differences += overrides.conflicts(with: saved.model, keys: keys)
        }
        var data = try TrainingData.open(dataset ?? saved.dataset.path)
        differences += data.fingerprint.differences(from: saved.dataset)
        if !differences.isEmpty { throw .resumeConflict(path: folder, differences: differences) }
        let (model, optimizer, state) = try Checkpoint.load(folder: folder, config: saved)
        try data.load(config: model.config, vocabulary: model.vocabulary, progress: loading)
        let metrics = try MetricsLog(path: folder + "/" + RunLayout.metrics, keepThrough: state.step)
        let run = TrainingRun(folder: folder, config: saved, model: model, optimizer: optimizer, state: state, data: data, metrics: metrics)
        run.lastCheckpointStep = state.step
        if NNRuntime.threadCount != saved.threads {
            run.notes.append("the run started with \(saved.threads) threads and continues with \(NNRuntime.threadCount): "
                             + "its losses will match an uninterrupted run to float rounding, not bit for bit (--threads \(saved.threads) keeps them identical)")
        }
        if !state.finished {
            try run.metrics.append(.event(EventRecord(step: state.step, event: "resumed", message: "from the checkpoint at step \(state.step); \(NNRuntime.threadCount) threads")))
        }
        return run
    }

    /// The config of the run in `folder` (to apply flags over before `resume`).
    public static func savedConfig(folder: String) throws(TrainingError) -> RunConfig { try RunConfig.read(folder: folder) }

    // MARK: - The loop

    /// Whether the run has used up its steps or its time.
    public var isComplete: Bool {
        if state.finished { return true }
        if let total = state.totalSteps, state.step >= total { return true }
        if let limit = options.timeLimit, state.elapsed >= limit { return true }
        return false
    }

    /// Trains until the steps (or the time) are used up or `shouldStop` says so (polled between updates and
    /// between validation batches); then validates, checkpoints and writes the report.
    public func run(shouldStop: () -> Bool = { false }, observe: (TrainingEvent) -> Void = { _ in }) throws(TrainingError) -> TrainingOutcome {
        defer { stopLoader() }
        if state.finished { return .alreadyFinished(step: state.step) }
        // A validation that was due at the checkpoint's step but was cut short runs first.
        if state.step > 0, !isComplete, isValidationDue(state.step), !hasValidation(at: state.step) {
            guard try validate(shouldStop: shouldStop, observe: observe) else { return try stopped(observe) }
        }
        while !isComplete {
            if shouldStop() { return try stopped(observe) }
            observe(.step(try step()))
            if isComplete { break }
            if isValidationDue(state.step) {
                guard try validate(shouldStop: shouldStop, observe: observe) else { return try stopped(observe) }
                try checkpoint(observe)
            } else if options.checkpointEvery > 0 && state.step % options.checkpointEvery == 0 {
                try checkpoint(observe)
            }
        }
        try flushLog()
        if validator != nil && !hasValidation(at: state.step) {
            guard try validate(shouldStop: shouldStop, observe: observe) else { return try stopped(observe) }
        }
        state.finished = true
        try checkpoint(observe)
        try metrics.append(.event(EventRecord(step: state.step, event: "finished", message: String(format: "%d steps, %.0f s of training", state.step, state.elapsed))))
        try writeReport()
        return .finished(step: state.step)
    }

    /// One update: the next batch, forward and backward, clipping, AdamW. A non-finite loss or gradient
    /// stops the run (nothing is applied, nothing overwritten) with `TrainingError.nonFiniteLoss`.
    @discardableResult
    public func step() throws(TrainingError) -> StepReport {
        let u = state.step + 1
        if loader == nil {
            loader = BatchLoader(assembler: assembler, order: DataOrder(samples: train.count, batchSize: options.batchSize, seed: options.seed),
                                 firstUpdate: u)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let (batch, waited, prepared) = loader!.next()
        let loss: PolicyLoss
        do { loss = try model.lossAndGradients(batch) } catch { throw .model(error) }
        let norm = options.clipNorm > 0
            ? GradientClipping.clipGlobalNorm(model.gradients, maxNorm: options.clipNorm)
            : GradientClipping.globalNorm(model.gradients)
        guard loss.total.isFinite && norm.isFinite else {
            let detail = String(format: "loss %g: type %g, patch %g, offset %g, key %g, mods %g; gradient norm %g",
                                loss.total, loss.type, loss.patch, loss.offset, loss.key, loss.modifiers, Double(norm))
            try? flushLog()
            try? metrics.append(.event(EventRecord(step: u, event: "non_finite_loss", message: detail)))
            try? writeReport()
            throw .nonFiniteLoss(step: u, detail: detail, lastCheckpoint: lastCheckpointStep, folder: folder)
        }
        let lr = schedule.rate(at: u)
        optimizer.update(parameters: model.parameters, gradients: model.gradients, learningRate: lr)
        state.step = u
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        state.elapsed += seconds
        window.add(loss, lr: lr, norm: norm, seconds: seconds, waited: waited)
        recent.append(seconds)
        if recent.count > 20 { recent.removeFirst() }
        estimateLengthIfNeeded(seconds)
        if u % options.logEvery == 0 { try flushLog() }
        let perStep = recent.reduce(0, +) / Double(recent.count)
        var left: Double? = state.totalSteps.map { Double(max(0, $0 - u)) * perStep }
        if let limit = options.timeLimit { left = min(left ?? .infinity, max(0, limit - state.elapsed)) }
        return StepReport(step: u, totalSteps: state.totalSteps, epoch: epoch, loss: loss, learningRate: lr, gradientNorm: norm,
                          samplesPerSecond: Double(options.batchSize) / perStep, secondsLeft: left, dataWait: waited,
                          batchPreparation: prepared)
    }

    /// Passes over the training samples done.
    public var epoch: Double { Double(state.step * options.batchSize) / Double(train.count) }

    /// A run bounded only by time learns its schedule's length from its speed: after 10 updates in this
    /// process (the first not counted), length = steps done + time left / mean step time; then again every 100
    /// updates (from the last 100) until 90% of it is done, so a machine that gets busier or quieter still
    /// ends the schedule at the time limit.
    private func estimateLengthIfNeeded(_ seconds: Double) {
        guard let limit = options.timeLimit, options.plannedSteps(trainSamples: train.count) == nil else { return }
        if window.firstInProcess { window.firstInProcess = false; return }
        timed.append(seconds)
        if timed.count > 100 { timed.removeFirst() }
        if let total = state.totalSteps {
            guard state.step % 100 == 0, Double(state.step) < 0.9 * Double(total) else { return }
        } else {
            guard timed.count >= 9 else { return }
        }
        let mean = timed.reduce(0, +) / Double(timed.count)
        let total = state.step + Int(max(0, limit - state.elapsed) / mean)
        state.totalSteps = max(total, state.step + 1)
        schedule.total = state.totalSteps
    }

    /// Runs validation now; false when `shouldStop` cut it short (nothing is recorded then).
    @discardableResult
    public func validate(shouldStop: () -> Bool = { false }, observe: (TrainingEvent) -> Void = { _ in }) throws(TrainingError) -> Bool {
        guard let validator else { return true }
        let started = DispatchTime.now().uptimeNanoseconds
        let result = try validator.run(model: model, step: state.step, epoch: epoch, shouldStop: shouldStop)
        state.elapsed += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard var record = result else { return false }
        if record.overall.loss < (state.bestValidationLoss ?? .infinity) {
            record.best = true
            state.bestValidationLoss = record.overall.loss
            state.bestStep = state.step
            try Checkpoint.saveBest(folder: folder, model: model, step: state.step, loss: record.overall.loss, config: config)
        }
        try metrics.append(.validation(record))
        try writeReport()
        observe(.validation(record))
        return true
    }

    /// Writes last.safetensors and optimizer.safetensors.
    public func checkpoint(_ observe: (TrainingEvent) -> Void = { _ in }) throws(TrainingError) {
        let started = DispatchTime.now().uptimeNanoseconds
        try Checkpoint.save(folder: folder, model: model, optimizer: optimizer, state: state, config: config)
        state.elapsed += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        lastCheckpointStep = state.step
        observe(.checkpoint(step: state.step))
    }

    private func stopped(_ observe: (TrainingEvent) -> Void) throws(TrainingError) -> TrainingOutcome {
        try flushLog()
        try checkpoint(observe)
        try metrics.append(.event(EventRecord(step: state.step, event: "stopped", message: "stopped on request; a checkpoint was written")))
        try writeReport()
        return .stopped(step: state.step)
    }

    /// Stops the background batch loader (the next `step` starts it again).
    public func stopLoader() {
        loader?.stop()
        loader = nil
    }

    private func isValidationDue(_ step: Int) -> Bool {
        validator != nil && options.validateEvery > 0 && step % options.validateEvery == 0
    }

    private func hasValidation(at step: Int) -> Bool {
        metrics.validationRecords.contains { $0.step == step }
    }

    /// Writes the metrics line of the updates since the last one.
    private func flushLog() throws(TrainingError) {
        guard let record = window.record(step: state.step, epoch: epoch, batch: options.batchSize, elapsed: state.elapsed) else { return }
        window.reset()
        try metrics.append(.train(record))
    }

    /// Rewrites report.html from the metrics so far.
    public func writeReport() throws(TrainingError) {
        let html = TrainingReport.html(config: config, records: metrics.records, state: state, folder: folder)
        try RunFiles.writeAtomically(Data(html.utf8), to: folder + "/" + RunLayout.report)
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}

/// Sums over the updates since the last metrics line.
struct LogWindow {
    var steps = 0
    var loss = 0.0, type = 0.0
    var patch = 0.0, patchSteps = 0, offset = 0.0
    var key = 0.0, keySteps = 0, mods = 0.0
    var norm = 0.0, seconds = 0.0, waited = 0.0
    var lr: Float = 0
    /// The first update of this process (it allocates the workspace, so it is not timed for estimates).
    var firstInProcess = true

    mutating func add(_ l: PolicyLoss, lr: Float, norm: Float, seconds: Double, waited: Double) {
        steps += 1
        loss += l.total; type += l.type
        if l.positionalSamples > 0 { patch += l.patch; offset += l.offset; patchSteps += 1 }
        if l.keySamples > 0 { key += l.key; mods += l.modifiers; keySteps += 1 }
        self.norm += Double(norm); self.seconds += seconds; self.waited += waited
        self.lr = lr
    }

    mutating func reset() {
        let first = firstInProcess
        self = LogWindow()
        firstInProcess = first
    }

    func record(step: Int, epoch: Double, batch: Int, elapsed: Double) -> TrainRecord? {
        guard steps > 0 else { return nil }
        let n = Double(steps)
        return TrainRecord(
            step: step, epoch: epoch, steps: steps, loss: loss / n, lossType: type / n,
            lossPatch: patchSteps > 0 ? patch / Double(patchSteps) : nil, lossOffset: patchSteps > 0 ? offset / Double(patchSteps) : nil,
            lossKey: keySteps > 0 ? key / Double(keySteps) : nil, lossMods: keySteps > 0 ? mods / Double(keySteps) : nil,
            lr: Double(lr), gradNorm: norm / n, samplesPerSecond: seconds > 0 ? Double(batch * steps) / seconds : 0,
            dataWaitMs: waited / n * 1000, elapsed: elapsed)
    }
}
