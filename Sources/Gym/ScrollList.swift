import Primitives
import Imaging

/// A list of twelve rows showing four at a time; one row, out of view at first, is orange:
/// scroll until it shows, then click it.
public struct ScrollList: GymTask {
    public static let name = "scroll-list"
    public static let summary = "a list shows 4 of 12 rows: scroll to the orange row and click it"
    public static let timeLimit = 20.0

    public static let rowCount = 12
    public static let visibleRows = 4
    public static let rowHeight = 76
    static let scrollbarWidth = 16

    /// The visible part of the list (rows and scrollbar).
    public let viewport: Rect
    /// The orange row's index (row 0 is at the top of the list).
    public let marked: Int
    /// The index of the top visible row: each notch of the wheel moves it by one.
    public private(set) var offset = 0
    public private(set) var clickedRow: Int?
    /// Where the expert turns the wheel.
    let wheelPoint: Point

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        marked = random.int(in: Self.visibleRows + 1...Self.rowCount - 1)
        let area = TaskCanvas.playArea(size)
        let width = min(300, area.width)
        viewport = Rect(x: random.int(in: area.x...area.maxX - width), y: area.y, width: width, height: Self.visibleRows * Self.rowHeight)
        wheelPoint = random.point(in: Rect(x: viewport.x, y: viewport.y, width: viewport.width - Self.scrollbarWidth,
                                           height: viewport.height), margin: 20)
    }

    public var instruction: String { "Scroll to the orange row, click it" }

    public var status: TaskStatus {
        guard let clickedRow else { return .running }
        return clickedRow == marked ? .succeeded : .failed(reason: "clicked row \(clickedRow + 1), not the orange row \(marked + 1)")
    }

    /// Where row `k` is on screen now (it may lie partly or wholly outside the viewport).
    public func rowRect(_ k: Int) -> Rect {
        Rect(x: viewport.x, y: viewport.y + (k - offset) * Self.rowHeight, width: viewport.width - Self.scrollbarWidth, height: Self.rowHeight)
    }

    public var markedIsVisible: Bool { marked >= offset && marked < offset + Self.visibleRows }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard clickedRow == nil, case .press(let button, let point) = input else { return .ignored }
        switch button {
        case 4, 5:
            guard viewport.contains(point) else { return .ignored }
            let next = min(max(offset + (button == 5 ? 1 : -1), 0), Self.rowCount - Self.visibleRows)
            guard next != offset else { return .ignored }
            offset = next
            return .changed
        case 1:
            guard viewport.contains(point), point.x < viewport.maxX - Self.scrollbarWidth else { return .miss }
            clickedRow = offset + (point.y - viewport.y) / Self.rowHeight
            return .changed
        default:
            return .ignored
        }
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction)
        canvas.drawBox(viewport.insetBy(-3), fill: TaskCanvas.card, outline: TaskCanvas.outline, thickness: 3)
        for k in offset..<offset + Self.visibleRows {
            let row = rowRect(k)
            let fill = k == marked ? TaskCanvas.colors.first { $0.name == "orange" }!.color
                : (k % 2 == 0 ? RGBColor(250, 250, 252) : RGBColor(226, 228, 234))
            canvas.fillRect(x: row.x, y: row.y, width: row.width, height: row.height, color: fill)
            // A "line of text" in each row, and a divider.
            canvas.fillRect(x: row.x + 16, y: row.center.y - 6, width: 60 + (k * 37) % 120, height: 12, color: RGBColor(120, 122, 132))
            canvas.fillRect(x: row.x, y: row.maxY - 1, width: row.width, height: 1, color: RGBColor(180, 180, 188))
        }
        // The scrollbar: its thumb shows which part of the list is in view.
        let track = Rect(x: viewport.maxX - Self.scrollbarWidth, y: viewport.y, width: Self.scrollbarWidth, height: viewport.height)
        canvas.fillRect(x: track.x, y: track.y, width: track.width, height: track.height, color: RGBColor(210, 210, 216))
        let thumbHeight = track.height * Self.visibleRows / Self.rowCount
        let thumbY = track.y + (track.height - thumbHeight) * offset / (Self.rowCount - Self.visibleRows)
        canvas.fillRect(x: track.x + 3, y: thumbY, width: track.width - 6, height: thumbHeight, color: RGBColor(110, 112, 122))
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        guard clickedRow == nil else { return nil }
        if markedIsVisible { return .click(random.point(in: rowRect(marked), margin: 16)) }
        // One notch at a time, looking after each, from one place over the list: the recorded
        // observation of every notch then shows a list without the orange row.
        return .scroll(wheelPoint, down: marked >= offset, notches: 1)
    }
}
