import Primitives
import Control
import Foundation

/// How fast a scripted hand acts: every range is in seconds (or pixels) and each value is drawn
/// from it anew, so no two demonstrations have the same timing.
public struct ExpertPace: Sendable {
    /// Before each pointer action: looking at the screen and deciding.
    public var reaction: ClosedRange<Double> = 0.15...0.35
    /// Between keys typed one after another. Longer than a frame period at 10 frames/s, so the
    /// recorded observation of each key shows the previous key's letter.
    public var keyGap: ClosedRange<Double> = 0.12...0.20
    /// Between pointer motion events.
    public var motionInterval: ClosedRange<Double> = 0.010...0.020
    /// Mean pixels between motion events on a path (the path eases in and out around it).
    public var stepLength: ClosedRange<Double> = 6...10
    /// On the target before pressing; before releasing at a drag's end.
    public var dwell: ClosedRange<Double> = 0.04...0.09
    /// A button or key held down.
    public var hold: ClosedRange<Double> = 0.05...0.11
    /// After pressing on what a drag takes, before moving off with it.
    public var grip: ClosedRange<Double> = 0.15...0.25
    /// Between notches of the wheel within one step; between scroll steps one after another.
    public var notchGap: ClosedRange<Double> = 0.12...0.20

    public init() {}
    public static let standard = ExpertPace()

    /// This pace with every pause between two actions at least `periods` frame periods long at
    /// `fps`, so that each action's recorded observation (the last frame before it) shows the
    /// previous action's effect.
    public func spaced(forFramesPerSecond fps: Double, periods: Double = 1.2) -> ExpertPace {
        let least = periods / max(fps, 0.001)
        func raise(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
            let width = range.upperBound - range.lowerBound
            return max(range.lowerBound, least)...max(range.lowerBound, least) + width
        }
        var pace = self
        pace.reaction = raise(reaction)
        pace.keyGap = raise(keyGap)
        pace.grip = raise(grip)
        pace.notchGap = raise(notchGap)
        return pace
    }
}

/// Carries out `ExpertStep`s through XTest as a person's hand would: eased pointer paths of small
/// steps, a short dwell before pressing, buttons and keys held briefly — never a click that jumps
/// to its target. The expert and the random baseline both act through it, so they differ only in
/// what they choose. Use from one thread at a time.
final class Hand: @unchecked Sendable {
    let pace: ExpertPace
    /// Nil once closed: dropping the injector closes its X connection, which must happen while
    /// the server is still there (Xlib ends a process whose server vanished under an open connection).
    private var connected: InputInjector?

    init(display: String?, pace: ExpertPace) throws(GymError) {
        self.pace = pace
        do throws(ControlError) {
            connected = try InputInjector(display: display)
        } catch {
            throw .input(error)
        }
    }

    /// Carries out one step; `origin` is the task window's corner on the screen. Returns once the
    /// X server has processed the input.
    func perform(_ step: ExpertStep, origin: Point, random: inout SeededRandom) throws(GymError) {
        guard let injector = connected else { throw .closed }
        do throws(ControlError) {
            switch step {
            case .click(let point, let button):
                glide(to: point + origin, &random)
                pause(pace.dwell, &random)
                try injector.press(button: button)
                pause(pace.hold, &random)
                try injector.release(button: button)
            case .drag(let from, let to):
                glide(to: from + origin, &random)
                pause(pace.dwell, &random)
                try injector.press(button: 1)
                pause(pace.grip, &random)
                glide(to: to + origin, &random)
                pause(pace.dwell, &random)
                try injector.release(button: 1)
            case .key(let keysym):
                try injector.keyDown(keysym)
                pause(pace.hold, &random)
                try injector.keyUp(keysym)
            case .scroll(let point, let down, let notches):
                glide(to: point + origin, &random)
                pause(pace.dwell, &random)
                for notch in 0..<max(0, notches) {
                    if notch > 0 { pause(pace.notchGap, &random) }
                    try injector.press(button: down ? 5 : 4)
                    try injector.release(button: down ? 5 : 4)
                }
            }
        } catch {
            throw .input(error)
        }
        injector.sync()
    }

    /// Waits a time drawn from `range` (seconds).
    func pause(_ range: ClosedRange<Double>, _ random: inout SeededRandom) {
        let seconds = random.double(in: range)
        guard seconds > 0 else { return }
        usleep(UInt32(seconds * 1_000_000))
    }

    /// Lets go of every key and button held.
    func releaseAll() { connected?.releaseAll() }

    /// Lets go of everything and closes the X connection. Safe to call more than once.
    func close() {
        connected?.close()
        connected = nil
    }

    /// Moves the pointer from where it is now to `target` along an eased path.
    private func glide(to target: Point, _ random: inout SeededRandom) {
        guard let injector = connected else { return }
        let clamped = Point(min(max(target.x, 0), injector.screenWidth - 1), min(max(target.y, 0), injector.screenHeight - 1))
        let here = injector.serverState().pointer
        let path = PointerPath.eased(from: Point(here.x, here.y), to: clamped, stepLength: random.double(in: pace.stepLength),
                                     random: &random)
        for (i, point) in path.enumerated() {
            if i > 0 { pause(pace.motionInterval, &random) }
            injector.move(x: point.x, y: point.y)
        }
    }
}
