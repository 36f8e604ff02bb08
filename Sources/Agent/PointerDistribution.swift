import Primitives
import Dataset
import Episode

/// A model's pointer distribution at one decision: the probability of each patch of the model's
/// image, and the screen rectangle that image covers. Agent runs record it in predictions.jsonl
/// (`PointerPrediction`), and the episode page draws it as a heat map.
public struct PointerDistribution: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    /// The model image mapped back onto the screen, in screen pixels. The observed region itself
    /// when the frame is stretched; with letterboxing it includes the black bars, so it may reach
    /// past the screen's edges.
    public var region: Rect
    /// columns × rows, row by row, top row first.
    public var probabilities: [Float]

    public init(columns: Int, rows: Int, region: Rect, probabilities: [Float]) {
        precondition(probabilities.count == columns * rows, "PointerDistribution: \(probabilities.count) values for a \(columns)x\(rows) grid")
        self.columns = columns; self.rows = rows; self.region = region; self.probabilities = probabilities
    }

    /// The screen rectangle the whole model image covers under `geometry`.
    public static func screenRegion(_ geometry: FrameGeometry) -> Rect {
        let source = geometry.source, content = geometry.content, size = geometry.size
        let sx = Double(source.width) / Double(content.width), sy = Double(source.height) / Double(content.height)
        let x = Double(source.x) - Double(content.x) * sx, y = Double(source.y) - Double(content.y) * sy
        return .init(x: Int(x.rounded()), y: Int(y.rounded()),
                     width: max(1, Int((Double(size.width) * sx).rounded())), height: max(1, Int((Double(size.height) * sy).rounded())))
    }

    /// The line of predictions.jsonl for a decision on the screen grabbed at episode time `t`.
    public func prediction(t: Double, frame: Int? = nil) -> PointerPrediction {
        PointerPrediction(t: t, frame: frame, columns: columns, rows: rows, region: region, probabilities: probabilities)
    }
}
