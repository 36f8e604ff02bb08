import Dataset
import Episode
import Foundation

/// What a folder given to `mimic view` holds, told by the file that defines each kind.
public enum SourceKind: String, Sendable, CaseIterable {
    /// episode.json (docs/episode-format.md).
    case episode
    /// dataset.json (docs/dataset.md).
    case dataset
    /// models/<run>: metrics.jsonl from `mimic train`.
    case trainingRun = "training run"
    /// eval.json from `mimic eval`.
    case evaluation

    /// The file whose presence makes a folder this kind.
    public var definingFile: String {
        switch self {
        case .episode: EpisodeLayout.metadataFile
        case .dataset: ShardLayout.manifestFile
        case .trainingRun: "metrics.jsonl"
        case .evaluation: "eval.json"
        }
    }

    public static func detect(_ path: String) throws(ViewerError) -> SourceKind {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .notFound(path: path)
        }
        for kind in allCases where FileManager.default.fileExists(atPath: path + "/" + kind.definingFile) {
            return kind
        }
        throw .unknownFolder(path: path)
    }
}
