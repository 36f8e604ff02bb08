import Dataset
import Policy

/// A model's offline figures on one split of a dataset, measured by the trainer's own validation
/// (`Validator`): the same samples in the same order, the same batches, the same metrics. `mimic score
/// --model M data/<name>` prints them; on the split and weights of a run's last validation they equal
/// what metrics.jsonl recorded.
public enum DatasetScore {
    /// Scores `model` on `split` of `dataset`: every sample when `limit` is 0, else `limit` samples spread
    /// evenly (as `--val-samples` picks them). `batchSize` should be the run's (`--batch`, 32 by default)
    /// for figures identical to its validation. Nil when `shouldStop` said so before the end.
    public static func run(model: PolicyModel, dataset: String, split: Split, batchSize: Int = 32, limit: Int = 0,
                           shouldStop: () -> Bool = { false }) throws(TrainingError) -> ValidationRecord? {
        guard batchSize >= 1 else { throw .invalidOption(flag: "--batch", reason: "must be at least 1, is \(batchSize)") }
        guard limit >= 0 else { throw .invalidOption(flag: "--limit", reason: "must be 0 (all) or more, is \(limit)") }
        var data = try TrainingData.open(dataset)
        try data.load(config: model.config, vocabulary: model.vocabulary)
        let store = split == .train ? data.train : data.val
        guard let store, store.count > 0 else {
            throw .emptyDataset(path: dataset, reason: "it has no \(split.rawValue) samples to score (build it with --val above 0, "
                                + "or score --split train)")
        }
        let validator = Validator(store: store, config: model.config, geometries: data.geometries(), tasks: data.tasks(), batchSize: batchSize,
                                  limit: limit)
        return try validator.run(model: model, step: 0, epoch: 0, shouldStop: shouldStop)
    }
}
