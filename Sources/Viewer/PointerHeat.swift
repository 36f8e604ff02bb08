/// A model's predicted pointer distribution at one decision: a grid of probabilities (one per
/// patch of the model image) over the screen region the model saw. The episode page draws it as a
/// heat map over the frame the decision was made on.
///
/// Hook, not yet fed: agent runs do not record their predictions yet, so `mimic view` passes
/// none. Once the agent writes them (say, a predictions.jsonl beside events.jsonl), read them into
/// these and hand them to `Viewer.writeEpisodePage(source:out:heat:)`.
public struct PointerHeat: Sendable, Equatable, Encodable {
    /// The observation: index of the frame the decision was made on.
    public var frame: Int
    public var columns: Int
    public var rows: Int
    /// The screen rectangle the grid covers, in screen pixels (the region the model saw).
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// columns × rows probabilities, row by row, top row first.
    public var probabilities: [Float]

    public init(frame: Int, columns: Int, rows: Int, x: Int, y: Int, width: Int, height: Int, probabilities: [Float]) {
        precondition(probabilities.count == columns * rows, "PointerHeat: \(probabilities.count) values for a \(columns)x\(rows) grid")
        self.frame = frame; self.columns = columns; self.rows = rows
        self.x = x; self.y = y; self.width = width; self.height = height
        self.probabilities = probabilities
    }
}
