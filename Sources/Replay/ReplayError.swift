import Capture
import Control
import Episode
import Imaging

/// What can stop a replay, each with what to do about it.
public enum ReplayError: Error, CustomStringConvertible {
    case episode(EpisodeError)
    case control(ControlError)
    case capture(CaptureError)
    case imaging(ImagingError)
    case screenSizeMismatch(episode: String, recorded: (width: Int, height: Int), display: String, actual: (width: Int, height: Int))
    case nothingToReplay(episode: String, reason: String)
    case noFrameToCompare(episode: String)
    case invalidRange(from: Double, to: Double)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .episode(let e): return e.description
        case .control(let e): return e.description
        case .capture(let e): return e.description
        case .imaging(let e): return e.description
        case .screenSizeMismatch(let episode, let recorded, let display, let actual):
            return "\(episode) was recorded on a \(recorded.width)x\(recorded.height) screen but display \(display) is \(actual.width)x\(actual.height); "
                + "replay onto a screen of the same size (Xvfb :99 -screen 0 \(recorded.width)x\(recorded.height)x24) or pass --scale to map coordinates proportionally"
        case .nothingToReplay(let episode, let reason):
            return "\(episode): nothing to replay: \(reason)"
        case .noFrameToCompare(let episode):
            return "\(episode): --verify needs a recorded frame to compare with, and the episode has none in the replayed range"
        case .invalidRange(let from, let to):
            return "--from \(ReplayError.seconds(from)) is not before --to \(ReplayError.seconds(to))"
        case .cannotWrite(let path, let reason):
            return "\(path): \(reason)"
        }
    }

    static func seconds(_ ms: Double) -> String {
        let s = ms / 1000
        return s == s.rounded() ? "\(Int(s))s" : String(format: "%.3gs", s)
    }
}
