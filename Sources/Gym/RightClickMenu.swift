import Primitives
import Imaging

/// A dark square: right-click it to open a menu of three colours, and pick the one the bar shows.
public struct RightClickMenu: GymTask {
    public static let name = "right-click-menu"
    public static let summary = "right-click the dark square, then pick the menu entry of the colour the bar shows"
    public static let timeLimit = 15.0

    static let entrySize = Size(width: 192, height: 52)

    public let item: Rect
    /// Indices into `TaskCanvas.colors`, one per menu entry, top first.
    public let entryColors: [Int]
    public let answer: Int
    /// The open menu's rectangle, if it is open.
    public private(set) var menu: Rect?
    public private(set) var chosen: Int?
    private let size: Size

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        self.size = size
        entryColors = Array(random.shuffled(Array(TaskCanvas.colors.indices)).prefix(3))
        answer = random.int(in: 0...2)
        item = Placement.scatter([Size(width: 64, height: 64)], in: TaskCanvas.playArea(size), gap: 0, random: &random)[0]
    }

    public var instruction: String { "Right-click, pick this" }

    public var status: TaskStatus {
        guard let chosen else { return .running }
        if chosen == answer { return .succeeded }
        return .failed(reason: "picked \(TaskCanvas.colors[entryColors[chosen]].name), not \(TaskCanvas.colors[entryColors[answer]].name)")
    }

    /// Menu entry `k`'s rectangle while the menu is open.
    public func entry(_ k: Int) -> Rect? {
        menu.map { Rect(x: $0.x, y: $0.y + k * Self.entrySize.height, width: Self.entrySize.width, height: Self.entrySize.height) }
    }

    /// The colour swatch at the left of menu entry `k`, while the menu is open.
    public func swatch(_ k: Int) -> Rect? {
        entry(k).map { Rect(x: $0.x + 8, y: $0.y + 8, width: $0.height - 16, height: $0.height - 16) }
    }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard chosen == nil, case .press(let button, let point) = input, button == 1 || button == 3 else { return .ignored }
        if button == 3, item.contains(point) {
            // The menu opens at the pointer, moved in where it would leave the window.
            let height = 3 * Self.entrySize.height
            menu = Rect(x: min(point.x, size.width - Self.entrySize.width - 4), y: min(point.y, size.height - height - 4),
                        width: Self.entrySize.width, height: height)
            return .changed
        }
        if button == 1, let hit = (0..<3).first(where: { entry($0)?.contains(point) == true }) {
            chosen = hit
            return .changed
        }
        // Anything else closes the menu and counts as a miss.
        menu = nil
        return .miss
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction, swatch: TaskCanvas.colors[entryColors[answer]].color)
        canvas.drawBox(item, fill: RGBColor(70, 72, 84), outline: TaskCanvas.ink, thickness: 3)
        guard let menu else { return }
        canvas.fillRect(x: menu.x + 5, y: menu.y + 5, width: menu.width, height: menu.height, color: RGBColor(150, 150, 158))  // shadow
        for k in 0..<3 {
            guard let rect = entry(k), let chip = swatch(k) else { continue }
            canvas.drawBox(rect, fill: TaskCanvas.card, outline: TaskCanvas.outline, thickness: 2)
            let color = TaskCanvas.colors[entryColors[k]]
            canvas.fillRect(x: chip.x, y: chip.y, width: chip.width, height: chip.height, color: color.color)
            canvas.drawText(color.name, x: chip.maxX + 10, y: rect.center.y - 10, scale: 3, color: TaskCanvas.ink)
        }
    }

    /// The expert picks the colour it matched: it clicks the entry's swatch, as a person does who looks for
    /// the bar's colour. (Clicking anywhere on the entry, mostly its word, left the trained agent at 75% over
    /// 200 seeds: docs/model.md, "What is left".)
    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        guard chosen == nil else { return nil }
        guard let target = swatch(answer) else { return .click(random.point(in: item, margin: 16), button: 3) }
        return .click(random.point(in: target, margin: 6))
    }
}
