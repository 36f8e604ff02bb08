import SafeTensors
import Dataset
import Foundation
import NN
import Policy

/// Where a run is, beyond its weights and AdamW moments: what a resumed run needs to continue exactly.
/// Stored in optimizer.safetensors' metadata (`trainer_*` keys) next to AdamW's own `step`.
public struct TrainerState: Sendable, Equatable {
    /// Optimizer updates done.
    public var step = 0
    /// The schedule's length, once known (a run bounded only by time learns it after 10 steps).
    public var totalSteps: Int?
    /// Wall-clock seconds the training loop has run, over every invocation (what --time bounds).
    public var elapsed: Double = 0
    /// The lowest validation loss so far and its step (best.safetensors).
    public var bestValidationLoss: Double?
    public var bestStep: Int?
    /// Set once the run has ended (its steps, or its time, are used up and the final validation done).
    public var finished = false

    public init() {}

    static let keys = (step: "trainer_step", total: "trainer_total_steps", elapsed: "trainer_elapsed_s",
                       best: "trainer_best_val_loss", bestStep: "trainer_best_step", finished: "trainer_finished",
                       seed: "data_seed", cursor: "data_sample_cursor", epoch: "data_epoch", order: "data_order")

    func metadata(seed: UInt64, batchSize: Int, trainSamples: Int) -> [String: String] {
        let k = TrainerState.keys
        var m: [String: String] = [
            k.step: String(step), k.elapsed: String(elapsed), k.finished: finished ? "true" : "false",
            k.seed: String(seed), k.cursor: String(step * batchSize),
            k.epoch: String(Double(step * batchSize) / Double(trainSamples)),
            k.order: "epoch e: Fisher-Yates with xoshiro256** seeded by splitmix64(seed, 1, e); update u: samples (u-1)*batch..<u*batch of the epochs' concatenation; augmentation of update u: xoshiro256** seeded by splitmix64(seed, 2, u)",
        ]
        if let totalSteps { m[k.total] = String(totalSteps) }
        if let bestValidationLoss { m[k.best] = String(bestValidationLoss) }
        if let bestStep { m[k.bestStep] = String(bestStep) }
        return m
    }

    init(metadata m: [String: String], path: String) throws(TrainingError) {
        let k = TrainerState.keys
        guard let s = m[k.step].flatMap(Int.init), s >= 0 else { throw .badCheckpoint(path: path, reason: "no \"\(k.step)\" in its metadata") }
        step = s
        totalSteps = m[k.total].flatMap(Int.init)
        elapsed = m[k.elapsed].flatMap(Double.init) ?? 0
        bestValidationLoss = m[k.best].flatMap(Double.init)
        bestStep = m[k.bestStep].flatMap(Int.init)
        finished = m[k.finished] == "true"
    }
}

/// Writing and reading a run's checkpoint: last.safetensors (weights), optimizer.safetensors (AdamW
/// moments and TrainerState), best.safetensors.
enum Checkpoint {
    static let optimizerFormat = "mimic.optimizer"

    /// Writes the weights, then the optimizer state, each atomically.
    static func save(folder: String, model: PolicyModel, optimizer: AdamW, state: TrainerState, config: RunConfig) throws(TrainingError) {
        let epoch = Double(state.step * config.training.batchSize) / Double(config.dataset.trainSamples)
        var extra = ["step": String(state.step), "epoch": String(format: "%.4f", epoch), "seed": String(config.training.seed),
                     "dataset": config.dataset.path, "trained_by": config.program]
        extra.merge(preprocessingMetadata(config)) { $1 }
        let weightsPath = folder + "/" + RunLayout.last
        do { try model.save(to: weightsPath, extraMetadata: extra) } catch { throw .writeFailed(path: weightsPath, reason: error.description) }
        var file = optimizer.state()
        file.metadata["format"] = optimizerFormat
        file.metadata.merge(state.metadata(seed: config.training.seed, batchSize: config.training.batchSize,
                                           trainSamples: config.dataset.trainSamples)) { $1 }
        let optimizerPath = folder + "/" + RunLayout.optimizer
        do { try file.write(to: optimizerPath) } catch { throw .writeFailed(path: optimizerPath, reason: error.description) }
    }

    static func saveBest(folder: String, model: PolicyModel, step: Int, loss: Double, config: RunConfig) throws(TrainingError) {
        let path = folder + "/" + RunLayout.best
        let extra = ["step": String(step), "val_loss": String(loss)].merging(preprocessingMetadata(config)) { $1 }
        do { try model.save(to: path, extraMetadata: extra) } catch {
            throw .writeFailed(path: path, reason: error.description)
        }
    }

    /// The dataset's preprocessing as JSON under "preprocessing", so that an agent loading only the weights
    /// prepares live frames exactly as the training frames were.
    static func preprocessingMetadata(_ config: RunConfig) -> [String: String] {
        guard let p = config.dataset.preprocessing, let json = try? JSONEncoder().encode(p) else { return [:] }
        return ["preprocessing": String(decoding: json, as: UTF8.self)]
    }

    /// The model, AdamW and trainer state of the last checkpoint; checks that the two files belong together.
    static func load(folder: String, config: RunConfig) throws(TrainingError) -> (PolicyModel, AdamW, TrainerState) {
        let weightsPath = folder + "/" + RunLayout.last, optimizerPath = folder + "/" + RunLayout.optimizer
        for path in [weightsPath, optimizerPath] where !FileManager.default.fileExists(atPath: path) {
            throw .nothingToResume(path: folder, reason: "no \(URL(fileURLWithPath: path).lastPathComponent) (the run stopped before its first checkpoint)")
        }
        let model: PolicyModel
        do { model = try PolicyModel.load(path: weightsPath) } catch { throw .badCheckpoint(path: weightsPath, reason: error.description) }
        guard model.config == config.model else {
            throw .badCheckpoint(path: weightsPath, reason: "its model config \(model.config.json()) is not the run's (\(config.model.json()))")
        }
        guard model.vocabulary.names == config.keyVocabulary else {
            throw .badCheckpoint(path: weightsPath, reason: "its key vocabulary is not the run's")
        }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile.read(path: optimizerPath) } catch { throw .badCheckpoint(path: optimizerPath, reason: error.description) }
        guard file.metadata["format"] == optimizerFormat else {
            throw .badCheckpoint(path: optimizerPath, reason: "not an optimizer state of `mimic train` (metadata format is not \(optimizerFormat))")
        }
        let state = try TrainerState(metadata: file.metadata, path: optimizerPath)
        let weightsStep = (try? SafeTensorsProbe.metadata(weightsPath))?["step"].flatMap(Int.init)
        guard weightsStep == state.step else {
            throw .badCheckpoint(path: folder, reason: "last.safetensors is at step \(weightsStep.map(String.init) ?? "?") but optimizer.safetensors at step \(state.step) (was the process killed while writing them?)")
        }
        let optimizer = AdamW(layout: model.parameters.layout, learningRate: config.training.learningRate,
                              weightDecay: config.training.weightDecay)
        do { try optimizer.restore(file) } catch { throw .badCheckpoint(path: optimizerPath, reason: error.description) }
        guard optimizer.step == state.step else {
            throw .badCheckpoint(path: optimizerPath, reason: "AdamW's step \(optimizer.step) is not the trainer's \(state.step)")
        }
        return (model, optimizer, state)
    }
}
