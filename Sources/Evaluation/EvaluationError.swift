import Report

/// Everything that can stop `mimic eval` or `mimic score`; each case names the file, folder or flag
/// at fault and says what to try.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// The model file is missing or is not a model.
    case model(path: String, reason: String)
    case unknownTask(name: String, known: [String])
    case invalidOption(flag: String, reason: String)
    /// The output folder already holds an evaluation.
    case outFolderInUse(path: String)
    /// The display cannot be used (grabs, input, the task window).
    case display(name: String, reason: String)
    /// A run failed (the recorder, the model, the input).
    case episodeFailed(task: String, seed: UInt64, agent: AgentKind, reason: String)
    /// eval.json or eval.html could not be read or written.
    case report(ReportError)
    /// A folder given as an episode is not a readable one.
    case notAnEpisode(path: String, reason: String)
    /// The dataset cannot be scored (missing, wrong shape for the model, no samples in the split).
    case dataset(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .model(let path, let reason):
            "\(path): cannot load the model: \(reason)"
        case .unknownTask(let name, let known):
            "no task named \"\(name)\"; the tasks are: \(known.joined(separator: ", ")) (or all; see `mimic gym list`)"
        case .invalidOption(let flag, let reason):
            "\(flag): \(reason)"
        case .outFolderInUse(let path):
            "\(path): already holds an evaluation (eval.json); choose another --out, or remove it"
        case .display(let name, let reason):
            "X display \(name): \(reason)"
        case .episodeFailed(let task, let seed, let agent, let reason):
            "the \(agent.rawValue) run of \(task) (seed \(seed)) failed: \(reason)"
        case .report(let error):
            error.description
        case .notAnEpisode(let path, let reason):
            // The reader's messages already name the file.
            reason.hasPrefix(path) ? reason : "\(path): not an episode: \(reason)"
        case .dataset(let path, let reason):
            "\(path): cannot score on this dataset: \(reason)"
        case .writeFailed(let path, let reason):
            "\(path): cannot write: \(reason)"
        }
    }
}
