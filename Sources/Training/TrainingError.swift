import Dataset
import Policy

/// Everything that can go wrong in training, with the file or flag it concerns and what to try.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The dataset folder could not be read (no dataset.json, a corrupt shard...).
    case dataset(DatasetError)
    /// The dataset has nothing to train on.
    case emptyDataset(path: String, reason: String)
    /// A shard disagrees with the model (or with the other shards): image size, history, bins, vocabulary.
    case shardMismatch(path: String, field: String, expected: String, found: String)
    /// A model config flag that contradicts the dataset.
    case modelDoesNotFitDataset(flag: String, given: String, dataset: String, path: String)
    /// A flag whose value cannot be used.
    case invalidOption(flag: String, reason: String)
    /// The run folder already holds a training run and --resume was not given.
    case runFolderInUse(path: String, holding: String)
    /// --resume on a folder without a run in it.
    case nothingToResume(path: String, reason: String)
    /// --resume with flags or a dataset that differ from the run being resumed.
    case resumeConflict(path: String, differences: [String])
    /// A checkpoint file that cannot be used.
    case badCheckpoint(path: String, reason: String)
    /// The loss (or the gradient norm) became NaN or infinite.
    case nonFiniteLoss(step: Int, detail: String, lastCheckpoint: Int?, folder: String)
    /// A file of the run could not be written.
    case writeFailed(path: String, reason: String)
    /// An error from the model.
    case model(PolicyError)

    public var description: String {
        switch self {
        case .dataset(let error):
            return error.description
        case .emptyDataset(let path, let reason):
            return "\(path): nothing to train on: \(reason)"
        case .shardMismatch(let path, let field, let expected, let found):
            return "\(path): \(field) is \(found) but the model needs \(expected); "
                + "use a dataset built for this model (mimic dataset build --size/--history/--bins), or start a new run"
        case .modelDoesNotFitDataset(let flag, let given, let dataset, let path):
            return "\(flag) \(given) does not match the dataset \(path), whose samples have \(dataset); "
                + "drop \(flag) (the model then takes the dataset's), or rebuild the dataset to match"
        case .invalidOption(let flag, let reason):
            return "\(flag): \(reason)"
        case .runFolderInUse(let path, let holding):
            return "\(path): already holds a training run (\(holding)); continue it with --resume, or choose another --out"
        case .nothingToResume(let path, let reason):
            return "\(path): nothing to resume: \(reason); start the run without --resume"
        case .resumeConflict(let path, let differences):
            return "\(path): --resume continues the run exactly as it was started, but "
                + differences.joined(separator: "; ")
                + "; drop those flags to continue it, or train a new run into another --out"
        case .badCheckpoint(let path, let reason):
            return "\(path): cannot resume from this checkpoint: \(reason)"
        case .nonFiniteLoss(let step, let detail, let lastCheckpoint, let folder):
            let kept = lastCheckpoint.map { "\(folder)/last.safetensors keeps step \($0), the last good checkpoint" }
                ?? "no checkpoint had been written yet"
            return "the loss became non-finite at step \(step) (\(detail)): training stopped; \(kept). "
                + "Try a lower --lr, a longer --warmup or --clip 1; the weights were not updated with it"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .model(let error):
            return error.description
        }
    }
}
