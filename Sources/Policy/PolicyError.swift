import NN

/// Everything that can go wrong in Policy, with enough context to act on.
public enum PolicyError: Error, CustomStringConvertible, Equatable {
    /// A config whose numbers do not fit together.
    case invalidConfig(field: String, reason: String)
    /// A batch whose arrays have the wrong size or hold values out of range.
    case badBatch(field: String, reason: String)
    /// A weights file that is not a Mimic policy or does not match its own config.
    case badModelFile(path: String, reason: String)
    /// A file-level error from NN (I/O, malformed safetensors, missing tensor...).
    case file(NNError)

    public var description: String {
        switch self {
        case .invalidConfig(let field, let reason):
            return "invalid model config: \(field) \(reason)"
        case .badBatch(let field, let reason):
            return "bad input '\(field)': \(reason)"
        case .badModelFile(let path, let reason):
            return "\(path): not a usable Mimic policy: \(reason)"
        case .file(let error):
            return error.description
        }
    }
}
