/// Everything that can go wrong in Imaging, with enough context to act on.
public enum ImagingError: Error, CustomStringConvertible, Equatable {
    case pngEncodeFailed(reason: String)
    case pngDecodeFailed(file: String?, reason: String)
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .pngEncodeFailed(let reason):
            return "could not encode PNG: \(reason)"
        case .pngDecodeFailed(let file?, let reason):
            return "\(file): not a readable PNG: \(reason)"
        case .pngDecodeFailed(nil, let reason):
            return "not a readable PNG: \(reason)"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        }
    }
}
