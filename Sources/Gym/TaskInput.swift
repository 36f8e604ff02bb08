import Primitives

/// An input event as the task window received it from the X server, in window coordinates.
/// Whether it came from a person's mouse, xdotool, the expert or the agent makes no difference.
public enum TaskInput: Sendable, Equatable {
    /// A mouse button went down (1 left, 2 middle, 3 right, 4/5 scroll up/down).
    case press(button: Int, at: Point)
    case release(button: Int, at: Point)
    /// The pointer moved (with or without a button held).
    case motion(to: Point)
    /// A key went down: the X keysym name the server's keymap gives with the modifiers held
    /// ("a", "A" with Shift, "Return", "BackSpace"). Modifier keys alone are not delivered.
    case key(String)
}

/// What a task did with one input event.
public enum Reaction: Sendable, Equatable {
    /// Nothing changed.
    case ignored
    /// The task's state changed: the window is drawn again.
    case changed
    /// A click that hit nothing the task offers. A run fails after `TaskSession.Options.maxMisses`.
    case miss
}

/// Where a task stands, read from its own state.
public enum TaskStatus: Sendable, Equatable {
    case running
    case succeeded
    /// It can no longer succeed: a wrong item was chosen (the reason says which).
    case failed(reason: String)
}
