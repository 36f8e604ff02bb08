import Dataset
import Imaging

/// Whatever decides the next action from the screen: the trained model, a random baseline, or a
/// fixed script in tests. Actions are in screen pixels (`Dataset.Action`, the dataset's own type).
public protocol AgentPolicy: AnyObject {
    /// A short name for reports ("model", "random", ...).
    var name: String { get }
    /// Model tokens one decision costs (0 for policies that are not models).
    var tokensPerDecision: Int { get }
    /// The next action for `screen` (the whole screen, cursor drawn in, as recorded), given the
    /// actions taken so far in this episode, oldest first.
    func decide(screen: RGBImage, history: [Action]) throws -> AgentDecision
    /// The next decision comes within `milliseconds`: get ready (a model wakes its threads).
    func prepare(withinMilliseconds milliseconds: Double)
}

extension AgentPolicy {
    public func prepare(withinMilliseconds milliseconds: Double) {}
}

/// One decision: the action, how sure the policy was, and — for a model — its whole pointer
/// distribution (nil for policies without one: random, scripted).
public struct AgentDecision: Sendable {
    public var action: Action
    public var probability: Float
    public var pointer: PointerDistribution?
    public init(action: Action, probability: Float = 1, pointer: PointerDistribution? = nil) {
        self.action = action
        self.probability = probability
        self.pointer = pointer
    }
}

/// Clicks one fixed place on every decision (for tests of the loop).
public final class FixedClickPolicy: AgentPolicy {
    public let name = "fixed-click"
    public let tokensPerDecision = 0
    private let x: Int
    private let y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
    public func decide(screen: RGBImage, history: [Action]) throws -> AgentDecision {
        AgentDecision(action: Action(.click, t: 0, x: x, y: y))
    }
}

/// The random baseline: each decision a uniformly random action type (wait excluded), at a
/// uniformly random place, with a uniformly random key; seeded, so runs repeat.
public final class RandomPolicy: AgentPolicy {
    public let name = "random"
    public let tokensPerDecision = 0
    private var state: UInt64

    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    private func next(_ bound: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(bound))
    }

    public func decide(screen: RGBImage, history: [Action]) throws -> AgentDecision {
        let types = ActionType.allCases.filter { $0 != .wait }
        let type = types[next(types.count)]
        var action = Action(type, t: 0)
        if type.hasPosition { action.x = next(screen.width); action.y = next(screen.height) }
        if type == .key { action.key = 1 + next(KeyVocabulary.standard.count - 1) }
        return AgentDecision(action: action, probability: 1 / Float(types.count))
    }
}
