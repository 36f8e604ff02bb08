import Primitives
import X11
import Capture
import Control

/// What can stop a task run or a demonstration, each with what to do about it.
public enum GymError: Error, CustomStringConvertible {
    /// No display to draw the task window on.
    case connection(XConnectionError)
    case unsupportedVisual(display: String, detail: String)
    /// The task window could not be created, mapped or given the keyboard focus.
    case windowFailed(display: String, detail: String)
    case screenTooSmall(display: String, screen: Size, needed: Size)
    case windowTooSmall(size: Size, minimum: Size)
    case unknownTask(name: String, known: [String])
    /// The expert's input could not be sent (XTest).
    case input(ControlError)
    /// An expert or random actor was used after `close()`.
    case closed
    /// The recorder could not start or finish a task's episode.
    case recording(task: String, seed: UInt64, detail: String)
    /// What acted on a recorded task (an agent loop) failed.
    case actorFailed(task: String, seed: UInt64, detail: String)

    public var description: String {
        switch self {
        case .connection(let error):
            return error.description
        case .unsupportedVisual(let display, let detail):
            return "X display \(display): cannot draw the task window: \(detail) (mimic gym draws on 24/32-bit TrueColor screens)"
        case .windowFailed(let display, let detail):
            return "X display \(display): the task window failed: \(detail)"
        case .screenTooSmall(let display, let screen, let needed):
            return "X display \(display) is \(screen) but a task window needs at least \(needed) (a private display of 480x480 is the default)"
        case .windowTooSmall(let size, let minimum):
            return "a task window of \(size) is too small: the layouts need at least \(minimum)"
        case .unknownTask(let name, let known):
            return "no task named \"\(name)\"; the tasks are: \(known.joined(separator: ", ")) (see `mimic gym list`)"
        case .input(let error):
            return "the expert could not send input: \(error)"
        case .closed:
            return "the expert's input connection was already closed"
        case .recording(let task, let seed, let detail):
            return "recording \(task) (seed \(seed)) failed: \(detail)"
        case .actorFailed(let task, let seed, let detail):
            return "acting on \(task) (seed \(seed)) failed: \(detail); the episode is finalized as interrupted"
        }
    }
}
