import Primitives
import Imaging

/// A box and a marked zone: drag the box into the zone (press on the box, move, release with the
/// box wholly inside the zone).
public struct DragToTarget: GymTask {
    public static let name = "drag-to-target"
    public static let summary = "a box and a marked zone: drag the box into the zone"
    public static let timeLimit = 15.0

    public static let boxSide = 48
    public static let zoneSide = 104

    public private(set) var box: Rect
    public let zone: Rect
    public let color: RGBColor
    /// While the box is held: where in the box it was taken.
    public private(set) var grip: Point?
    public private(set) var delivered = false
    private let area: Rect

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        area = TaskCanvas.playArea(size)
        let rects = Placement.scatter([Size(width: Self.boxSide, height: Self.boxSide), Size(width: Self.zoneSide, height: Self.zoneSide)],
                                      in: area, gap: 24, random: &random)
        box = rects[0]
        zone = rects[1]
        color = random.element(of: TaskCanvas.colors.filter { $0.name != "green" }).color
    }

    public var instruction: String { "Drag the box into the zone" }

    public var status: TaskStatus { delivered ? .succeeded : .running }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard !delivered else { return .ignored }
        switch input {
        case .press(1, let point):
            guard box.contains(point) else { return .miss }
            grip = point - Point(box.x, box.y)
            return .changed
        case .motion(let point):
            guard let grip else { return .ignored }
            moveBox(to: point - grip)
            return .changed
        case .release(1, let point):
            guard let grip else { return .ignored }
            moveBox(to: point - grip)
            self.grip = nil
            delivered = zone.contains(box)
            return .changed
        default:
            return .ignored
        }
    }

    /// Puts the box's corner at `corner`, kept inside the play area.
    private mutating func moveBox(to corner: Point) {
        box.x = min(max(corner.x, area.x), area.maxX - box.width)
        box.y = min(max(corner.y, area.y), area.maxY - box.height)
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction)
        // The zone: a pale square with a thick dashed green border.
        canvas.fillRect(x: zone.x, y: zone.y, width: zone.width, height: zone.height, color: RGBColor(205, 240, 210))
        let dash = 13, thickness = 5
        for offset in stride(from: 0, to: zone.width, by: 2 * dash) {
            let length = min(dash, zone.width - offset)
            canvas.fillRect(x: zone.x + offset, y: zone.y, width: length, height: thickness, color: TaskCanvas.done)
            canvas.fillRect(x: zone.x + offset, y: zone.maxY - thickness, width: length, height: thickness, color: TaskCanvas.done)
            canvas.fillRect(x: zone.x, y: zone.y + offset, width: thickness, height: length, color: TaskCanvas.done)
            canvas.fillRect(x: zone.maxX - thickness, y: zone.y + offset, width: thickness, height: length, color: TaskCanvas.done)
        }
        canvas.drawBox(box, fill: color, outline: grip == nil ? TaskCanvas.outline : TaskCanvas.ink, thickness: grip == nil ? 2 : 4)
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        guard !delivered else { return nil }
        let take = random.point(in: box, margin: box.width / 4)
        let slack = (zone.width - box.width) / 2 - 8
        let landing = zone.center + Point(random.int(in: -slack...slack), random.int(in: -slack...slack))
        return .drag(from: take, to: landing + (take - box.center))
    }
}
