import Primitives

/// One thing the scripted expert does, in window coordinates. The expert (Expert.swift) turns it
/// into XTest input a person could have produced: an eased pointer path, then the press.
public enum ExpertStep: Sendable, Equatable {
    /// Move to the point and click `button` (1 left, 3 right).
    case click(Point, button: Int)
    /// Move to `from`, press button 1, move to `to`, release.
    case drag(from: Point, to: Point)
    /// Press and release one key (an X keysym name).
    case key(String)
    /// Move to the point and turn the wheel `notches` times (down or up).
    case scroll(Point, down: Bool, notches: Int)

    public static func click(_ point: Point) -> ExpertStep { .click(point, button: 1) }
}
