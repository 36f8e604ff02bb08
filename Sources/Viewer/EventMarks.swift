import Dataset
import Episode

/// An episode's input turned into what the page draws over the frames: the pointer path, clicks
/// (rings), drags (arrows from press to release), scrolls (chevrons), typed keys and window
/// changes. Times are ms on the episode's clock. A left, middle or right press whose pointer went
/// farther than `dragThreshold` from where it went down before the release is a drag; any other
/// press is a click.
struct EventMarks: Sendable, Equatable {
    /// Pointer positions from motion events and presses, in time order (parallel arrays).
    var pathT: [Double] = []
    var pathX: [Int] = []
    var pathY: [Int] = []
    var clicks: [Click] = []
    var drags: [Drag] = []
    var scrolls: [Scroll] = []
    var keys: [Key] = []
    var windows: [Window] = []

    struct Click: Sendable, Equatable {
        var t: Double
        var x: Int
        var y: Int
        var button: Int
        /// 2 for the second press of a double click (same button, close in time and place).
        var count: Int
    }

    struct Drag: Sendable, Equatable {
        var t: Double
        /// The release; the end of the episode for a press never released.
        var endT: Double
        var fromX: Int, fromY: Int
        var toX: Int, toY: Int
        var button: Int
        var released: Bool
    }

    enum Direction: Int, Sendable { case up = 0, down = 1, left = 2, right = 3 }

    struct Scroll: Sendable, Equatable {
        var t: Double
        var x: Int
        var y: Int
        var direction: Direction
    }

    struct Key: Sendable, Equatable {
        var t: Double
        var text: String
        /// True when `text` is the character typed; false for named keys and shortcuts.
        var printable: Bool
    }

    struct Window: Sendable, Equatable {
        var t: Double
        var title: String
        var wmClass: String
    }

    init(_ events: [InputEvent], rules: SegmentationRules = SegmentationRules()) {
        let dragThreshold = rules.clickMaxTravel
        struct Press { var t: Double; var x: Int; var y: Int; var travelled: Bool }
        var pressed: [Int: Press] = [:]
        var lastClick: Click?
        var pointer: (x: Int, y: Int)?

        func addPoint(_ t: Double, _ x: Int, _ y: Int) {
            pathT.append(t); pathX.append(x); pathY.append(y)
            pointer = (x, y)
            for (button, press) in pressed where !press.travelled {
                let dx = Double(x - press.x), dy = Double(y - press.y)
                if (dx * dx + dy * dy).squareRoot() > dragThreshold { pressed[button]!.travelled = true }
            }
        }

        for event in events {
            switch event.kind {
            case .motion(let x, let y):
                addPoint(event.t, x, y)
            case .buttonDown(let b):
                if pointer.map({ $0 != (b.x, b.y) }) ?? true { addPoint(event.t, b.x, b.y) }
                switch b.button {
                case 1, 2, 3:
                    pressed[b.button] = Press(t: event.t, x: b.x, y: b.y, travelled: false)
                case 4, 5, 6, 7:
                    let direction: Direction = [.up, .down, .left, .right][b.button - 4]
                    scrolls.append(Scroll(t: event.t, x: b.x, y: b.y, direction: direction))
                default:
                    break
                }
            case .buttonUp(let b):
                if pointer.map({ $0 != (b.x, b.y) }) ?? true { addPoint(event.t, b.x, b.y) }
                guard let press = pressed.removeValue(forKey: b.button) else { continue }
                let dx = Double(b.x - press.x), dy = Double(b.y - press.y)
                if press.travelled || (dx * dx + dy * dy).squareRoot() > dragThreshold {
                    drags.append(Drag(t: press.t, endT: event.t, fromX: press.x, fromY: press.y, toX: b.x, toY: b.y,
                                      button: b.button, released: true))
                    lastClick = nil
                } else {
                    var click = Click(t: press.t, x: press.x, y: press.y, button: b.button, count: 1)
                    if let previous = lastClick, previous.button == click.button, previous.count == 1,
                       click.t - previous.t <= rules.doubleClickInterval,
                       abs(previous.x - click.x) <= Int(rules.doubleClickDistance),
                       abs(previous.y - click.y) <= Int(rules.doubleClickDistance) {
                        click.count = 2
                    }
                    clicks.append(click)
                    lastClick = click
                }
            case .keyDown(let k):
                if let label = KeyLabels.label(keysym: k.keysym, modifiers: k.modifiers) {
                    keys.append(Key(t: event.t, text: label.text, printable: label.printable))
                }
            case .keyUp:
                break
            case .window(let w):
                windows.append(Window(t: event.t, title: w.title, wmClass: w.wmClass))
            }
        }
        // Presses never released (the recording ended first) are drags to where the pointer ended.
        let end = events.last?.t ?? 0
        for (button, press) in pressed.sorted(by: { $0.value.t < $1.value.t }) {
            let to = pointer ?? (press.x, press.y)
            drags.append(Drag(t: press.t, endT: end, fromX: press.x, fromY: press.y, toX: to.x, toY: to.y,
                              button: button, released: false))
        }
        clicks.sort { $0.t < $1.t }
        drags.sort { $0.t < $1.t }
    }
}
