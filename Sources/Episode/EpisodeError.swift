/// Everything that can go wrong reading or writing an episode. Each case names the file
/// (and line, where there is one) so that a person can open it and look.
public enum EpisodeError: Error, CustomStringConvertible, Equatable {
    case notAFolder(path: String)
    case alreadyExists(path: String)
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case missingMetadata(path: String)
    case unreadableMetadata(path: String, reason: String)
    case unknownFormatVersion(path: String, found: Int, expected: Int)
    case corruptLine(path: String, line: Int, reason: String)
    case missingFrameFile(path: String, line: Int, frameFile: String)
    case unreadableFrame(path: String, reason: String)
    case frameOutOfOrder(path: String, expected: Int, got: Int)
    case finished(path: String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path): not an episode folder (no such directory)"
        case .alreadyExists(let path):
            return "\(path): already exists; choose a new episode folder"
        case .cannotCreate(let path, let reason):
            return "\(path): cannot create: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): write failed: \(reason)"
        case .missingMetadata(let path):
            return "\(path): missing; this folder is not an episode (or its recorder died before starting)"
        case .unreadableMetadata(let path, let reason):
            return "\(path): unreadable episode metadata: \(reason)"
        case .unknownFormatVersion(let path, let found, let expected):
            return "\(path): format_version \(found) is not supported (this mimic reads version \(expected)); upgrade mimic to read it"
        case .corruptLine(let path, let line, let reason):
            return "\(path):\(line): corrupt line: \(reason)"
        case .missingFrameFile(let path, let line, let frameFile):
            return "\(path):\(line): frame file \(frameFile) is missing"
        case .unreadableFrame(let path, let reason):
            return "\(path): unreadable frame: \(reason)"
        case .frameOutOfOrder(let path, let expected, let got):
            return "\(path): frame \(got) appended where frame \(expected) was due"
        case .finished(let path):
            return "\(path): the episode is already finished; nothing more can be written to it"
        }
    }
}
