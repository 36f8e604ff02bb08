import Dataset
import Foundation
import Policy

/// How a run trains: how long, batch, optimizer, schedule, data order, and how often it validates, saves
/// and logs. Stored in the run's config.json (snake_case keys), so a resumed run needs nothing else.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// Optimizer updates to run. With none of steps, epochs and timeLimit: `defaultSteps`.
    public var steps: Int?
    /// Passes over the training samples (may be fractional); steps = ⌈epochs · samples / batch⌉.
    public var epochs: Double?
    /// Seconds of training (across resumes). Alone, the schedule's length is estimated after 10 steps;
    /// with steps or epochs, those set the schedule and the time only bounds the run.
    public var timeLimit: Double?
    /// Samples per optimizer update.
    public var batchSize = 32
    /// Peak learning rate, reached at the end of the warm-up.
    public var learningRate: Float = 3e-4
    /// Learning rate at the end of the cosine decay; nil: learningRate / 10.
    public var minLearningRate: Float?
    /// Updates of linear warm-up from learningRate / warmup to learningRate.
    public var warmupSteps = 200
    /// AdamW's decoupled weight decay (2-D weights only); β1 0.9, β2 0.95, ε 1e-8 as NN's AdamW.
    public var weightDecay: Float = 0.1
    /// Global gradient-norm clipping threshold; 0 turns clipping off.
    public var clipNorm: Float = 1
    /// Seeds the initial weights, the order of the samples and the augmentation.
    public var seed: UInt64 = 0
    /// Largest random shift of a training frame, in model pixels, each axis (0: no augmentation).
    public var maxShift = 4
    /// Validate every this many steps (and at the end); 0: only at the end.
    public var validateEvery = 250
    /// Validation samples used (a fixed, evenly spread subset); 0: all of them.
    public var validationSamples = 1024
    /// Write last.safetensors and optimizer.safetensors every this many steps (and at the end, on a
    /// stop signal, and at each validation); 0: only then.
    public var checkpointEvery = 250
    /// One metrics.jsonl line per this many steps (the mean over them).
    public var logEvery = 10

    public static let defaultSteps = 2000

    public init() {}

    /// The recipe measured with `PolicyConfig.demo` on the built-in tasks (docs/model.md, "Presets"):
    /// lr 4e-3 (the small stem trains slowly at 3e-4; at the full budget 4e-3 beat 2e-3 and 1e-3 on every
    /// reading task), 100 warm-up steps, batch 32, `steps` updates (the schedule's length; 3000 is about
    /// 1,030 CPU-seconds, 9 minutes of two free cores, at the 344 ms of CPU a step takes with MLP 256).
    public static func demo(steps: Int = 3000) -> TrainingOptions {
        var o = TrainingOptions()
        o.steps = steps
        o.learningRate = 4e-3
        o.warmupSteps = 100
        o.batchSize = 32
        return o
    }

    /// Bounds the run by time alone: no step or epoch count, so the trainer sets the schedule's length from
    /// the speed it measures (`mimic train --time` alone, `mimic demo`).
    public mutating func limitToTime(_ seconds: Double) {
        timeLimit = seconds
        steps = nil
        epochs = nil
    }

    enum CodingKeys: String, CodingKey {
        case steps, epochs, timeLimit = "time_limit_s", batchSize = "batch", learningRate = "lr", minLearningRate = "min_lr"
        case warmupSteps = "warmup", weightDecay = "weight_decay", clipNorm = "clip", seed, maxShift = "shift"
        case validateEvery = "val_every", validationSamples = "val_samples", checkpointEvery = "checkpoint_every"
        case logEvery = "log_every"
    }

    /// The learning rate the cosine decays to.
    public var finalLearningRate: Float { minLearningRate ?? learningRate / 10 }

    /// Total updates when known before training: from steps or epochs (nil when only a time limit is set).
    public func plannedSteps(trainSamples: Int) -> Int? {
        if let steps { return steps }
        if let epochs { return max(1, Int((epochs * Double(trainSamples) / Double(batchSize)).rounded(.up))) }
        if timeLimit != nil { return nil }
        return TrainingOptions.defaultSteps
    }

    /// Checks every number, naming the flag of the first bad one.
    public func validate() throws(TrainingError) {
        func need(_ ok: Bool, _ flag: String, _ reason: String) throws(TrainingError) {
            if !ok { throw .invalidOption(flag: flag, reason: reason) }
        }
        if steps != nil && epochs != nil { throw .invalidOption(flag: "--steps/--epochs", reason: "give one of them, not both") }
        if let steps { try need(steps >= 1, "--steps", "must be at least 1, is \(steps)") }
        if let epochs { try need(epochs > 0 && epochs.isFinite, "--epochs", "must be a positive number, is \(epochs)") }
        if let timeLimit { try need(timeLimit > 0 && timeLimit.isFinite, "--time", "must be a positive duration") }
        try need(batchSize >= 1, "--batch", "must be at least 1, is \(batchSize)")
        try need(learningRate > 0 && learningRate.isFinite, "--lr", "must be a positive number, is \(learningRate)")
        if let minLearningRate {
            try need(minLearningRate >= 0 && minLearningRate <= learningRate, "--min-lr", "must be between 0 and --lr (\(learningRate)), is \(minLearningRate)")
        }
        try need(warmupSteps >= 0, "--warmup", "must be 0 or more, is \(warmupSteps)")
        try need(weightDecay >= 0 && weightDecay.isFinite, "--weight-decay", "must be 0 or more, is \(weightDecay)")
        try need(clipNorm >= 0 && clipNorm.isFinite, "--clip", "must be 0 (off) or more, is \(clipNorm)")
        try need(maxShift >= 0 && maxShift <= 64, "--shift", "must be 0...64 pixels, is \(maxShift)")
        try need(validateEvery >= 0, "--val-every", "must be 0 (only at the end) or more, is \(validateEvery)")
        try need(validationSamples >= 0, "--val-samples", "must be 0 (all) or more, is \(validationSamples)")
        try need(checkpointEvery >= 0, "--checkpoint-every", "must be 0 or more, is \(checkpointEvery)")
        try need(logEvery >= 1, "--log-every", "must be at least 1, is \(logEvery)")
    }

    /// What differs from `other`, one phrase per flag ("--lr 0.001 (the run has 0.0003)").
    public func differences(from other: TrainingOptions) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(_ flag: String, _ mine: T?, _ theirs: T?, _ show: (T) -> String = { "\($0)" }) {
            if mine != theirs {
                out.append("\(flag) \(mine.map(show) ?? "none") (the run has \(theirs.map(show) ?? "none"))")
            }
        }
        check("--steps", steps, other.steps)
        check("--epochs", epochs, other.epochs)
        check("--time", timeLimit, other.timeLimit) { "\(Int($0))s" }
        check("--batch", batchSize, other.batchSize)
        check("--lr", learningRate, other.learningRate)
        check("--min-lr", minLearningRate, other.minLearningRate)
        check("--warmup", warmupSteps, other.warmupSteps)
        check("--weight-decay", weightDecay, other.weightDecay)
        check("--clip", clipNorm, other.clipNorm)
        check("--seed", seed, other.seed)
        check("--shift", maxShift, other.maxShift)
        check("--val-every", validateEvery, other.validateEvery)
        check("--val-samples", validationSamples, other.validationSamples)
        check("--checkpoint-every", checkpointEvery, other.checkpointEvery)
        check("--log-every", logEvery, other.logEvery)
        return out
    }
}

/// Model config values asked for on the command line. Unset fields take the dataset's values (image size,
/// history, bins, key vocabulary) or the defaults of docs/model.md (the rest).
public struct ModelOverrides: Sendable, Equatable {
    /// The named config the other fields override (nil: the defaults of docs/model.md).
    public var preset: PolicyPreset?
    public var imageWidth: Int?
    public var imageHeight: Int?
    public var patchSize: Int?
    public var width: Int?
    public var heads: Int?
    public var layers: Int?
    public var mlpWidth: Int?
    public var historyLength: Int?
    public var positionBins: Int?
    public var initStd: Float?
    /// Output channels of the conv stem's convolutions; [] for none.
    public var stemChannels: [Int]?
    /// Whether the pooled stem features are added to the act token.
    public var stemPool: Bool?
    /// Cells per token side whose mean colours go into the token; 0 for none.
    public var colorCells: Int?
    /// Width of the pointer query; 0 for none.
    public var patchQuery: Int?
    /// Whether the pointer keys also get their patch row's maxima.
    public var patchQueryRows: Bool?
    /// Key names, entry 0 "none".
    public var vocabulary: [String]?

    public init() {}

    /// The config of a new model for `data`: the dataset fixes image size, history, bins and vocabulary;
    /// a flag that says otherwise is an error.
    public func config(for data: DatasetShape) throws(TrainingError) -> (PolicyConfig, KeyVocabulary) {
        func agree(_ flag: String, _ given: Int?, _ dataset: Int, _ what: String) throws(TrainingError) {
            if let given, given != dataset {
                throw .modelDoesNotFitDataset(flag: flag, given: "\(given)", dataset: "\(what) \(dataset)", path: data.path)
            }
        }
        if (imageWidth != nil && imageWidth != data.imageWidth) || (imageHeight != nil && imageHeight != data.imageHeight) {
            throw .modelDoesNotFitDataset(flag: "--image", given: "\(imageWidth ?? data.imageWidth)x\(imageHeight ?? data.imageHeight)",
                                          dataset: "\(data.imageWidth)x\(data.imageHeight) images", path: data.path)
        }
        try agree("--history", historyLength, data.history, "history")
        try agree("--bins", positionBins, data.bins, "bins")
        if let vocabulary, vocabulary != data.vocabulary {
            throw .modelDoesNotFitDataset(flag: "--vocabulary", given: "(\(vocabulary.count) keys)",
                                          dataset: "its own key vocabulary of \(data.vocabulary.count) keys", path: data.path)
        }
        var c = preset?.config ?? PolicyConfig()
        c.imageWidth = data.imageWidth
        c.imageHeight = data.imageHeight
        c.historyLength = data.history
        c.positionBins = data.bins
        if let patchSize { c.patchSize = patchSize }
        if let width { c.width = width }
        if let heads { c.heads = heads }
        if let layers { c.layers = layers }
        if let mlpWidth { c.mlpWidth = mlpWidth }
        if let initStd { c.initStd = initStd }
        if let stemChannels { c.stemChannels = stemChannels }
        if let stemPool { c.stemPool = stemPool }
        if let colorCells { c.colorCells = colorCells }
        if let patchQuery { c.patchQuery = patchQuery }
        if let patchQueryRows { c.patchQueryRows = patchQueryRows }
        let keys: KeyVocabulary
        do { keys = try KeyVocabulary(names: data.vocabulary) } catch {
            throw .shardMismatch(path: data.path, field: "key_vocabulary", expected: "a list starting with \"none\"", found: "\(data.vocabulary.prefix(3))...")
        }
        c.keyCount = keys.count
        do { try c.validate() } catch { throw .model(error) }
        return (c, keys)
    }

    private func stemText(_ channels: [Int]) -> String { channels.isEmpty ? "none" : channels.map(String.init).joined(separator: ",") }

    /// The flags that contradict an existing model (for --resume).
    public func conflicts(with c: PolicyConfig, keys: KeyVocabulary) -> [String] {
        var out: [String] = []
        func check(_ flag: String, _ given: Int?, _ actual: Int) {
            if let given, given != actual { out.append("\(flag) \(given) (the model has \(actual))") }
        }
        if (imageWidth != nil && imageWidth != c.imageWidth) || (imageHeight != nil && imageHeight != c.imageHeight) {
            out.append("--image \(imageWidth ?? c.imageWidth)x\(imageHeight ?? c.imageHeight) (the model has \(c.imageWidth)x\(c.imageHeight))")
        }
        check("--patch", patchSize, c.patchSize)
        check("--d-model", width, c.width)
        check("--heads", heads, c.heads)
        check("--layers", layers, c.layers)
        check("--mlp", mlpWidth, c.mlpWidth)
        check("--history", historyLength, c.historyLength)
        check("--bins", positionBins, c.positionBins)
        if let initStd, initStd != c.initStd { out.append("--init-std \(initStd) (the model has \(c.initStd))") }
        if let stemChannels, stemChannels != c.stemChannels {
            out.append("--stem \(stemText(stemChannels)) (the model has \(stemText(c.stemChannels)))")
        }
        if let stemPool, stemPool != c.stemPool { out.append("--stem-pool \(stemPool) (the model has \(c.stemPool))") }
        check("--color-cells", colorCells, c.colorCells)
        check("--patch-query", patchQuery, c.patchQuery)
        if let patchQueryRows, patchQueryRows != c.patchQueryRows {
            out.append("--patch-query-rows \(patchQueryRows) (the model has \(c.patchQueryRows))")
        }
        if let preset {
            var p = preset.config
            (p.imageWidth, p.imageHeight, p.historyLength, p.positionBins, p.keyCount) = (c.imageWidth, c.imageHeight, c.historyLength, c.positionBins, c.keyCount)
            if let initStd { p.initStd = initStd }
            if let stemChannels { p.stemChannels = stemChannels }
            if let stemPool { p.stemPool = stemPool }
            if let colorCells { p.colorCells = colorCells }
            if let patchQuery { p.patchQuery = patchQuery }
            if let patchQueryRows { p.patchQueryRows = patchQueryRows }
            if let patchSize { p.patchSize = patchSize }
            if let width { p.width = width }
            if let heads { p.heads = heads }
            if let layers { p.layers = layers }
            if let mlpWidth { p.mlpWidth = mlpWidth }
            if p != c { out.append("--preset \(preset.rawValue) (the model differs from it)") }
        }
        if let vocabulary, vocabulary != keys.names {
            out.append("--vocabulary with \(vocabulary.count) keys (the model has its own \(keys.count))")
        }
        return out
    }
}
