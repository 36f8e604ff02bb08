import Control
import Dataset
import Episode
import Foundation

/// Carries out an action through XTest, the way a person's hand would: the pointer glides to a
/// place in a few steps (so applications see motion, and drags drag) before pressing.
public final class ActionExecutor {
    public let injector: InputInjector
    /// Pointer steps per glide and the pause between them. The steps go out back to back by
    /// default: applications still see each motion event, and a decision does not wait 20 ms
    /// for a show of human pace (docs/eval.md, "What a decision's time holds").
    public var glideSteps = 6
    public var glideStepMicroseconds: UInt32 = 0
    private var pointer: (x: Int, y: Int)?

    public init(_ injector: InputInjector) { self.injector = injector }

    public func perform(_ action: Action) throws(ControlError) {
        switch action.type {
        case .wait:
            break
        case .move:
            glide(to: action)
        case .click, .doubleClick, .rightClick:
            glide(to: action)
            try injector.click(button: action.type == .rightClick ? 3 : 1, x: action.x, y: action.y,
                               count: action.type == .doubleClick ? 2 : 1)
        case .mouseDown:
            glide(to: action)
            try injector.press(button: 1)
        case .mouseUp:
            glide(to: action)
            _ = try injector.release(button: 1)
        case .scrollUp, .scrollDown:
            glide(to: action)
            try injector.click(button: action.type == .scrollUp ? 4 : 5, x: action.x, y: action.y)
        case .key:
            let name = KeyVocabulary.standard.name(at: action.key)
            guard action.key > 0, name != "?" else { return }
            try injector.key(name, modifiers: action.modifiers.forAction)
        }
        injector.sync()
    }

    /// Releases anything held (a drag in progress, keys).
    public func releaseAll() { injector.releaseAll(); injector.sync() }

    private func glide(to action: Action) {
        let target = (x: action.x, y: action.y)
        defer { pointer = target }
        guard let from = pointer, from != target else {
            injector.move(x: target.x, y: target.y)
            return
        }
        for step in 1...glideSteps {
            let x = from.x + (target.x - from.x) * step / glideSteps
            let y = from.y + (target.y - from.y) * step / glideSteps
            injector.move(x: x, y: y)
            if step < glideSteps && glideStepMicroseconds > 0 { usleep(glideStepMicroseconds) }
        }
    }
}
