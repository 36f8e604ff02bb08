import Primitives
import Imaging

/// Four coloured squares; the instruction bar shows a colour swatch: click the square of that colour.
public struct ClickColor: GymTask {
    public static let name = "click-color"
    public static let summary = "four coloured squares; the bar shows a colour swatch: click the matching square"
    public static let timeLimit = 10.0

    public let squares: [Rect]
    /// Indices into `TaskCanvas.colors`, one per square.
    public let colorIndices: [Int]
    /// Which square is the answer.
    public let answer: Int
    public private(set) var chosen: Int?

    public init(seed: UInt64, size: Size) {
        var random = SeededRandom(task: Self.name, seed: seed)
        colorIndices = Array(random.shuffled(Array(TaskCanvas.colors.indices)).prefix(4))
        answer = random.int(in: 0...3)
        squares = Placement.scatter(Array(repeating: Size(width: 64, height: 64), count: 4), in: TaskCanvas.playArea(size),
                                    gap: 16, random: &random)
    }

    public var instruction: String { "Click this colour" }

    public var status: TaskStatus {
        guard let chosen else { return .running }
        if chosen == answer { return .succeeded }
        return .failed(reason: "clicked the \(colorName(chosen)) square, not the \(colorName(answer)) one")
    }

    private func colorName(_ square: Int) -> String { TaskCanvas.colors[colorIndices[square]].name }

    public mutating func handle(_ input: TaskInput) -> Reaction {
        guard case .press(1, let point) = input, chosen == nil else { return .ignored }
        guard let hit = squares.firstIndex(where: { $0.contains(point) }) else { return .miss }
        chosen = hit
        return .changed
    }

    public func draw(on canvas: inout RGBImage) {
        canvas.drawTaskBackground(instruction: instruction, swatch: TaskCanvas.colors[colorIndices[answer]].color)
        for (square, index) in zip(squares, colorIndices) {
            canvas.drawBox(square, fill: TaskCanvas.colors[index].color, outline: TaskCanvas.outline, thickness: 2)
        }
    }

    public func expertStep(using random: inout SeededRandom) -> ExpertStep? {
        chosen == nil ? .click(random.point(in: squares[answer], margin: 16)) : nil
    }
}
