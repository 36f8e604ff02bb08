import Episode

/// Events that did not become actions, by reason, so that a person can see what was not learned from.
public struct LeftOut: Sendable, Equatable, Codable {
    /// Button 6/7 presses (horizontal scroll).
    public var horizontalScrolls = 0
    /// Presses of buttons other than 1, 3, 4–7 (middle, back, forward, ...).
    public var otherButtons = 0
    /// Presses of modifier keys on their own (Shift, Ctrl, ...; not actions by themselves).
    public var modifierPresses = 0
    /// Key presses whose keysym is not in the vocabulary, by keysym.
    public var keysOutsideVocabulary: [String: Int] = [:]
    /// Left-button releases with no press before them (the press came before the recording).
    public var releasesWithoutPress = 0
    /// Left-button presses never released (the release came after the recording, or was lost):
    /// each became a mouse_down.
    public var pressesWithoutRelease = 0
    /// Motion runs that came to rest within `moveMinDistance` of where they began.
    public var jitter = 0

    public init() {}

    public mutating func add(_ other: LeftOut) {
        horizontalScrolls += other.horizontalScrolls
        otherButtons += other.otherButtons
        modifierPresses += other.modifierPresses
        keysOutsideVocabulary.merge(other.keysOutsideVocabulary, uniquingKeysWith: +)
        releasesWithoutPress += other.releasesWithoutPress
        pressesWithoutRelease += other.pressesWithoutRelease
        jitter += other.jitter
    }

    enum CodingKeys: String, CodingKey {
        case horizontalScrolls = "horizontal_scrolls", otherButtons = "other_buttons"
        case modifierPresses = "modifier_presses", keysOutsideVocabulary = "keys_outside_vocabulary"
        case releasesWithoutPress = "releases_without_press", pressesWithoutRelease = "presses_without_release"
        case jitter
    }
}

/// An episode's actions in time order (waits included) and what was left out.
public struct Segmentation: Sendable {
    public var actions: [Action]
    public var leftOut: LeftOut
}

/// Raw events → actions, by the rules in docs/dataset.md (thresholds in `SegmentationRules`).
public enum Segmenter {
    /// Segments `events` (any order; sorted by time, ties kept in file order). Wait samples are
    /// placed in pauses from `observableFrom` on (the first frame's time); with nil, only in pauses
    /// after the first action. `initialPointer` is where the pointer is before the first event (the
    /// first frame's pointer); without it, a first motion run starts where its first motion is.
    public static func segment(_ events: [InputEvent], rules: SegmentationRules = SegmentationRules(),
                               observableFrom start: Double? = nil, initialPointer: (x: Int, y: Int)? = nil) -> Segmentation {
        let ordered = events.enumerated()
            .sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }
            .map(\.element)
        var pass = Pass(rules: rules)
        pass.pointer = initialPointer.map { Pass.Point(x: $0.x, y: $0.y) }
        for (index, event) in ordered.enumerated() { pass.consume(event, index: index) }
        pass.finish()
        let actions = pass.emitted
            .sorted { ($0.action.t, $0.order) < ($1.action.t, $1.order) }
            .map(\.action)
        return Segmentation(actions: Waits.insert(into: actions, from: start, rules: rules), leftOut: pass.leftOut)
    }
}

/// One walk over the events in time order.
private struct Pass {
    let rules: SegmentationRules
    /// Actions with the index of their first event, to order actions that start at the same time.
    var emitted: [(action: Action, order: Int)] = []
    var leftOut = LeftOut()

    var pointer: Point?
    /// The pointer's motion since it last rested or since the last action.
    var run: Run?
    /// The left button, while held.
    var press: Press?
    /// The last click emitted, while it may still become a double_click.
    var lastClick: (slot: Int, downT: Double, at: Point)?
    var rightClickSlot: Int?
    /// Modifier keys held down, by keysym.
    var heldModifiers: [String: Modifiers] = [:]

    struct Point { var x: Int; var y: Int }

    struct Run {
        var startT: Double
        var order: Int
        /// Where the pointer was before the run's first motion.
        var origin: Point
        var lastT: Double
        var last: Point
    }

    struct Press {
        /// The first event of the action: the approach's first motion, or the press itself.
        var firstT: Double
        var order: Int
        var downT: Double
        var at: Point
        var modifiers: Modifiers
        /// Farthest distance from `at` while held.
        var travel: Double = 0
        /// Another action happened while held (a scroll, a key, a right click, a rest away).
        var interrupted = false
    }

    init(rules: SegmentationRules) { self.rules = rules }

    mutating func consume(_ event: InputEvent, index: Int) {
        if let run, event.t - run.lastT >= rules.restTime { closeRun() }
        switch event.kind {
        case .motion(let x, let y):
            let point = Point(x: x, y: y)
            if run == nil {
                run = Run(startT: event.t, order: index, origin: pointer ?? point, lastT: event.t, last: point)
            } else {
                run!.lastT = event.t
                run!.last = point
            }
            if press != nil { press!.travel = max(press!.travel, distance(press!.at, point)) }
            pointer = point
        case .buttonDown(let b):
            buttonDown(b, t: event.t, index: index)
            pointer = Point(x: b.x, y: b.y)
        case .buttonUp(let b):
            buttonUp(b, t: event.t, index: index)
            pointer = Point(x: b.x, y: b.y)
        case .keyDown(let k):
            keyDown(k, t: event.t, index: index)
        case .keyUp(let k):
            heldModifiers[k.keysym] = nil
        case .window:
            break
        }
    }

    mutating func finish() {
        closeRun()
        if let held = press {
            leftOut.pressesWithoutRelease += 1
            emitMouseDown(held)
            press = nil
        }
    }

    // MARK: Buttons

    mutating func buttonDown(_ b: InputEvent.Button, t: Double, index: Int) {
        let at = Point(x: b.x, y: b.y)
        let modifiers = b.modifiers.forAction
        switch b.button {
        case 1:
            if let unreleased = press {
                // A second press with no release between: the release was lost.
                leftOut.pressesWithoutRelease += 1
                emitMouseDown(unreleased)
            }
            let approach = takeRun()
            press = Press(firstT: approach?.startT ?? t, order: approach?.order ?? index, downT: t, at: at, modifiers: modifiers)
        case 3:
            let approach = takeRun()
            rightClickSlot = emit(Action(.rightClick, t: approach?.startT ?? t, endT: t, x: b.x, y: b.y, modifiers: modifiers),
                                  order: approach?.order ?? index)
        case 4, 5:
            let approach = takeRun()
            emit(Action(b.button == 4 ? .scrollUp : .scrollDown, t: approach?.startT ?? t, endT: t, x: b.x, y: b.y,
                        modifiers: modifiers),
                 order: approach?.order ?? index)
        case 6, 7:
            leftOut.horizontalScrolls += 1
        default:
            leftOut.otherButtons += 1
        }
    }

    mutating func buttonUp(_ b: InputEvent.Button, t: Double, index: Int) {
        switch b.button {
        case 1:
            guard let held = press else {
                leftOut.releasesWithoutPress += 1
                return
            }
            press = nil
            let at = Point(x: b.x, y: b.y)
            let travel = max(held.travel, distance(held.at, at))
            // Motion while held, since the last rest or action: it leads to the release.
            let approach = takeRun()
            if travel <= rules.clickMaxTravel && t - held.downT <= rules.clickMaxDuration && !held.interrupted {
                emitClick(held, releaseT: t)
            } else {
                emitMouseDown(held)
                emit(Action(.mouseUp, t: approach?.startT ?? t, endT: t, x: b.x, y: b.y, startX: held.at.x, startY: held.at.y,
                            modifiers: b.modifiers.forAction),
                     order: approach?.order ?? index)
            }
        case 3:
            if let slot = rightClickSlot { emitted[slot].action.endT = t }
            rightClickSlot = nil
        default:
            break  // 4/5: the second half of a scroll notch; others were counted at their press
        }
    }

    mutating func emitClick(_ held: Press, releaseT: Double) {
        if let previous = lastClick, previous.slot == emitted.count - 1,
           held.downT - previous.downT <= rules.doubleClickInterval,
           distance(previous.at, held.at) <= rules.doubleClickDistance {
            emitted[previous.slot].action.type = .doubleClick
            emitted[previous.slot].action.endT = releaseT
            lastClick = nil
            return
        }
        let slot = emit(Action(.click, t: held.firstT, endT: releaseT, x: held.at.x, y: held.at.y, modifiers: held.modifiers),
                        order: held.order)
        lastClick = (slot, held.downT, held.at)
    }

    mutating func emitMouseDown(_ held: Press) {
        emit(Action(.mouseDown, t: held.firstT, endT: held.downT, x: held.at.x, y: held.at.y, modifiers: held.modifiers),
             order: held.order)
    }

    // MARK: Keys

    mutating func keyDown(_ k: InputEvent.Key, t: Double, index: Int) {
        if KeyVocabulary.isModifier(keysym: k.keysym) {
            if heldModifiers[k.keysym] == nil { leftOut.modifierPresses += 1 }  // auto-repeat presses count once
            heldModifiers[k.keysym] = KeyVocabulary.modifierBits(keysym: k.keysym)
            return
        }
        let held = heldModifiers.values.reduce(k.modifiers.forAction) { $0.union($1) }
        guard let (key, modifiers) = KeyVocabulary.encode(keysym: k.keysym, modifiers: held) else {
            leftOut.keysOutsideVocabulary[k.keysym, default: 0] += 1
            return
        }
        closeRun()  // the pointer's motion did not lead to a pointer action: it is a move of its own
        emit(Action(.key, t: t, key: key, modifiers: modifiers), order: index)
    }

    // MARK: Motion

    /// Ends the current motion run where it stands: a move when it carried the pointer far enough.
    mutating func closeRun() {
        guard let ended = run else { return }
        run = nil
        guard distance(ended.origin, ended.last) >= rules.moveMinDistance else {
            leftOut.jitter += 1
            return
        }
        emit(Action(.move, t: ended.startT, endT: ended.lastT, x: ended.last.x, y: ended.last.y,
                    startX: ended.origin.x, startY: ended.origin.y),
             order: ended.order)
    }

    /// The current motion run, taken as the approach of the pointer action that ends it.
    mutating func takeRun() -> Run? {
        defer { run = nil }
        return run
    }

    /// Appends an action; returns its slot. Any action makes a held left press a drag.
    @discardableResult
    mutating func emit(_ action: Action, order: Int) -> Int {
        if press != nil { press!.interrupted = true }
        emitted.append((action, order))
        return emitted.count - 1
    }

    func distance(_ a: Point, _ b: Point) -> Double {
        let dx = Double(a.x - b.x), dy = Double(a.y - b.y)
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// Wait samples in the pauses between actions.
enum Waits {
    /// A pause runs from the last event of one action (or `start`, the first frame) to the first
    /// event of the next. One longer than `pauseThreshold` gets a wait every `waitInterval` from its
    /// beginning, none within `waitMargin` of its end.
    static func insert(into actions: [Action], from start: Double?, rules: SegmentationRules) -> [Action] {
        var out: [Action] = []
        out.reserveCapacity(actions.count)
        var pauseStart = start
        for action in actions {
            if let begin = pauseStart, action.t - begin > rules.pauseThreshold {
                var k = 1.0
                while begin + k * rules.waitInterval <= action.t - rules.waitMargin {
                    out.append(Action(.wait, t: begin + k * rules.waitInterval))
                    k += 1
                }
            }
            out.append(action)
            pauseStart = max(pauseStart ?? action.endT, action.endT)
        }
        return out
    }
}
