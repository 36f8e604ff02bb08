import Primitives
import Imaging

/// A built-in task: its layout for a seed, its picture, how it reacts to input, its success
/// check and its scripted expert. A task is a plain value; `TaskSession` shows it in an X window
/// and feeds it the input the window receives, so the expert, a trained agent, a random baseline
/// and a person all drive the very same code.
///
/// To add a task: write a type conforming to this protocol in a file of its own and list it in
/// `TaskCatalog.all` (see docs/gym.md).
public protocol GymTask: Sendable {
    /// "click-target": lower case words joined by "-", the name on the command line and in episode.json.
    static var name: String { get }
    /// One line for `mimic gym list`.
    static var summary: String { get }
    /// Seconds a run may take before it ends as a timeout (unless the session overrides it).
    static var timeLimit: Double { get }

    /// The task laid out for `seed` on a window of `size` (at least `TaskCanvas.minimumSize`).
    /// The same seed and size give the same layout on every machine.
    init(seed: UInt64, size: Size)

    /// What to do, as the instruction bar shows it and episode.json stores it.
    var instruction: String { get }

    /// The success check: where the task stands, from its own state.
    var status: TaskStatus { get }

    /// Reacts to one input event.
    mutating func handle(_ input: TaskInput) -> Reaction

    /// Draws the whole window (instruction bar included) into `canvas`, which has the window's size.
    func draw(on canvas: inout RGBImage)

    /// What the scripted expert does next in this state, or nil when nothing is left to do.
    /// Choices a person would vary (where exactly inside a target to click) come from `random`.
    func expertStep(using random: inout SeededRandom) -> ExpertStep?
}
