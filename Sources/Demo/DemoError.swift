import Capture
import Dataset
import Evaluation
import Gym
import Report
import Training

/// What can stop `mimic demo`; each case carries the failing part's own error or the folder at fault.
public enum DemoError: Error, CustomStringConvertible {
    case folderNotEmpty(root: String, existing: [String])
    case cannotCreateFolder(root: String, reason: String)
    case displays(PrivateDisplayError)
    case gym(GymError)
    case dataset(DatasetError)
    case training(TrainingError)
    case evaluation(EvaluationError)
    /// The evaluation's report could not be written.
    case report(ReportError)
    /// An error of a kind the stage does not name (shown as the part said it).
    case unexpected(stage: String, reason: String)

    public var description: String {
        switch self {
        case .folderNotEmpty(let root, let existing):
            return "\(root) already holds files (\(existing.sorted().prefix(3).joined(separator: ", "))): give --out a new folder"
        case .cannotCreateFolder(let root, let reason):
            return "\(root): cannot create the demo folder: \(reason)"
        case .displays(let error): return error.description
        case .gym(let error): return error.description
        case .dataset(let error): return error.description
        case .training(let error): return error.description
        case .evaluation(let error): return error.description
        case .report(let error): return error.description
        case .unexpected(_, let reason): return reason
        }
    }
}
