/// Everything that can go wrong writing a page. Each case names the folder or file, and says what
/// to try where there is something.
public enum ViewerError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case unknownFolder(path: String)
    /// The folder is of a kind whose page is not built yet (training runs, evaluations).
    case pageNotAvailable(kind: String, path: String, reason: String)
    case unreadableEpisode(path: String, reason: String)
    case unreadableDataset(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such folder"
        case .unknownFolder(let path):
            "\(path): not something `mimic view` can show: expected an episode (with episode.json), a dataset (with dataset.json), a training run or an evaluation folder"
        case .pageNotAvailable(let kind, let path, let reason):
            "\(path): looks like \(kind), but this mimic cannot draw its page yet: \(reason)"
        case .unreadableEpisode(let path, let reason):
            "\(path): cannot read the episode: \(reason) (check it with `mimic inspect`)"
        case .unreadableDataset(let path, let reason):
            "\(path): cannot read the dataset: \(reason) (check it with `mimic dataset info`)"
        case .writeFailed(let path, let reason):
            "\(path): cannot write: \(reason)"
        }
    }
}
