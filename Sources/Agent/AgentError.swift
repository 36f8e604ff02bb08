import Capture
import Control

/// Why the agent cannot go on.
public enum AgentError: Error, CustomStringConvertible {
    case geometry(width: Int, height: Int)
    /// The display's screen could not be grabbed.
    case capture(CaptureError)
    /// The XTest hand could not be opened.
    case control(ControlError)
    /// The run's recording could not start.
    case recorder(RecorderError)

    public var description: String {
        switch self {
        case .geometry(let w, let h): "cannot map a \(w)x\(h) screen onto the model's input (check the crop region)"
        case .capture(let e): e.description
        case .control(let e): e.description
        case .recorder(let e): e.description
        }
    }
}
