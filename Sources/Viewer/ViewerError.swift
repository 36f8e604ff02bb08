import Report

/// Everything that can go wrong writing a page. Each case names the folder or file, and says what
/// to try where there is something.
public enum ViewerError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case unknownFolder(path: String)
    /// The folder is of a known kind but its files cannot be drawn (a training run's unreadable metrics).
    case pageNotAvailable(kind: String, path: String, reason: String)
    /// An evaluation's eval.json cannot be read, or its page written.
    case report(ReportError)
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
        case .report(let error):
            error.description
        case .unreadableEpisode(let path, let reason):
            "\(path): cannot read the episode: \(reason) (check it with `mimic inspect`)"
        case .unreadableDataset(let path, let reason):
            "\(path): cannot read the dataset: \(reason) (check it with `mimic dataset info`)"
        case .writeFailed(let path, let reason):
            "\(path): cannot write: \(reason)"
        }
    }
}
