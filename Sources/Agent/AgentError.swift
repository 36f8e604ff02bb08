/// Why the agent cannot go on.
public enum AgentError: Error, CustomStringConvertible {
    case geometry(width: Int, height: Int)

    public var description: String {
        switch self {
        case .geometry(let w, let h): "cannot map a \(w)x\(h) screen onto the model's input (check the crop region)"
        }
    }
}
