import Primitives
import Imaging

/// Four circles numbered 1-4 in large digits: click them in order.
public struct ClickSequence: GymTask {
    public static let name = "click-sequence"
    public static let summary = "four circles numbered 1-4 in large digits: click them in order"
    public static let timeLimit = 15.0

    public static let radius = 46
    /// circles[k] holds the digit k + 1.
    public let circles: [Point]
    /// How many circles have been clicked in order.
    public private(set) var done = 0
    public private(set) var mistake: String?

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        let side = 2 * Self.radius
        circles = Placement.scatter(Array(repeating: Size(width: side, height: side), count: 4), in: TaskCanvas.playArea(size),
                                    gap: 12, random: &random).map(\.center)
    }

    public var instruction: String { "Click 1, 2, 3, 4 in order" }

    public var status: TaskStatus {
        if let mistake { return .failed(reason: mistake) }
        return done == circles.count ? .succeeded : .running
    }

    private func circle(at point: Point) -> Int? {
        circles.firstIndex { Double(point.distance(to: $0)) <= Double(Self.radius) }
    }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard case .press(1, let point) = input, status == .running else { return .ignored }
        guard let hit = circle(at: point) else { return .miss }
        if hit < done { return .ignored }  // already clicked: no effect
        if hit > done {
            mistake = "clicked \(hit + 1) before \(done + 1)"
        } else {
            done += 1
        }
        return .changed
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction)
        for (k, center) in circles.enumerated() {
            let fill = k < done ? TaskCanvas.done : TaskCanvas.card
            canvas.fillCircle(centerX: center.x, centerY: center.y, radius: Double(Self.radius), color: TaskCanvas.ink)
            canvas.fillCircle(centerX: center.x, centerY: center.y, radius: Double(Self.radius - 4), color: fill)
            canvas.drawCentered("\(k + 1)", center: center, scale: TaskCanvas.largeScale, color: k < done ? .white : TaskCanvas.ink)
        }
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        guard status == .running else { return nil }
        let center = circles[done]
        let reach = Self.radius / 2
        return .click(Point(center.x + random.int(in: -reach...reach), center.y + random.int(in: -reach...reach)))
    }
}
