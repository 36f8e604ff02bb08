import Primitives

/// Everything that can go wrong building or reading a dataset. Each case names the file (and what
/// in it) so that a person can open it and look, and says what to try where there is something.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case noInputs
    case notAnEpisode(path: String)
    case noEpisodesFound(path: String)
    case unreadableEpisode(path: String, reason: String)
    case cropOutsideScreen(episode: String, crop: Rect, screenWidth: Int, screenHeight: Int)
    case noSamples(reason: String)
    case outputExists(path: String)
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case notADataset(path: String)
    case unreadableManifest(path: String, reason: String)
    case unsupportedVersion(path: String, found: Int, expected: Int)
    case unreadableShard(path: String, reason: String)
    case malformedShard(path: String, reason: String)
    case noSuchSplit(path: String, split: String)
    case invalidKeyVocabulary(reason: String)
    /// A shard, or a split's shards together, disagree with dataset.json (`path` is the shard or the folder).
    case manifestMismatch(path: String, detail: String)

    public var description: String {
        switch self {
        case .noInputs:
            return "no episodes given; name episode folders or folders of them (e.g. recordings/)"
        case .notAnEpisode(let path):
            return "\(path): not an episode folder (no episode.json) and no episode folders inside it"
        case .noEpisodesFound(let path):
            return "\(path): holds no episode folders (none with an episode.json)"
        case .unreadableEpisode(let path, let reason):
            return "\(path): cannot read the episode: \(reason) (check it with `mimic inspect`, or pass --skip-unreadable)"
        case .cropOutsideScreen(let episode, let crop, let width, let height):
            return "\(episode): crop region \(crop) is not inside its \(width)x\(height) screen"
        case .noSamples(let reason):
            return "no samples: \(reason)"
        case .outputExists(let path):
            return "\(path): already holds a dataset; choose another --out or pass --overwrite"
        case .cannotCreate(let path, let reason):
            return "\(path): cannot create: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .notADataset(let path):
            return "\(path): not a dataset (no \(ShardLayout.manifestFile)); build one with `mimic dataset build`"
        case .unreadableManifest(let path, let reason):
            return "\(path): unreadable dataset manifest: \(reason)"
        case .unsupportedVersion(let path, let found, let expected):
            return "\(path): dataset format_version \(found) is not supported (this mimic reads version \(expected)); rebuild the dataset"
        case .unreadableShard(let path, let reason):
            return "\(path): cannot read the shard: \(reason)"
        case .malformedShard(let path, let reason):
            return "\(path): not a valid dataset shard: \(reason)"
        case .noSuchSplit(let path, let split):
            return "\(path): has no samples in split \"\(split)\""
        case .invalidKeyVocabulary(let reason):
            return "invalid key_vocabulary: \(reason)"
        case .manifestMismatch(let path, let detail):
            return "\(path): \(detail)"
        }
    }
}
