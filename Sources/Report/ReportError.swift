/// What can go wrong reading or writing a report; each case names the file or folder at fault.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    /// The folder has no eval.json.
    case notAnEvaluation(path: String)
    case unreadableReport(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAnEvaluation(let path):
            "\(path): not an evaluation folder (no eval.json; `mimic eval --out \(path)` writes one)"
        case .unreadableReport(let path, let reason):
            "\(path): cannot read the evaluation: \(reason)"
        case .writeFailed(let path, let reason):
            "\(path): cannot write: \(reason)"
        }
    }
}
