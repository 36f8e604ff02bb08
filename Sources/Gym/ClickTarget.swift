import Primitives
import Imaging

/// One coloured square at a random place: click it.
public struct ClickTarget: GymTask {
    public static let name = "click-target"
    public static let summary = "one coloured square at a random place: click it"
    public static let timeLimit = 10.0

    /// The square.
    public let target: Rect
    public let color: RGBColor
    public private(set) var clicked = false

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        let side = random.int(in: 40...64)
        color = random.element(of: TaskCanvas.colors).color
        target = Placement.scatter([Size(width: side, height: side)], in: TaskCanvas.playArea(size), gap: 0, random: &random)[0]
    }

    public var instruction: String { "Click the square" }

    public var status: TaskStatus { clicked ? .succeeded : .running }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard case .press(1, let point) = input, !clicked else { return .ignored }
        guard target.contains(point) else { return .miss }
        clicked = true
        return .changed
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction)
        canvas.drawBox(target, fill: color, outline: TaskCanvas.outline, thickness: 2)
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        clicked ? nil : .click(random.point(in: target, margin: target.width / 4))
    }
}
