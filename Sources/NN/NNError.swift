import SafeTensors

/// Everything that can go wrong in NN, with enough context to act on.
public enum NNError: Error, CustomStringConvertible, Equatable {
    /// A safetensors file could not be read, written or parsed, or lacks a tensor.
    case file(SafeTensorsError)
    /// A tensor is present with another dtype or shape than expected.
    case tensorMismatch(file: String?, tensor: String, expected: String, found: String)
    /// A metadata entry that must be present is missing or unreadable.
    case badMetadata(file: String?, key: String, reason: String)

    public var description: String {
        switch self {
        case .file(let error):
            return error.description
        case .tensorMismatch(let file, let tensor, let expected, let found):
            return "\(file ?? "safetensors data"): tensor \"\(tensor)\" should be \(expected) but is \(found)"
        case .badMetadata(let file, let key, let reason):
            return "\(file ?? "safetensors data"): metadata \"\(key)\": \(reason)"
        }
    }
}
