import Episode

/// A model's predicted pointer distribution at one decision: a grid of probabilities (one per
/// patch of the model image) over the screen region the model saw. The episode page draws it as a
/// heat map over the frame the decision was made on.
///
/// Agent runs of a model record them in the episode's predictions.jsonl; the episode page reads
/// that file (`init(_:frames:)`), or takes them from `Viewer.writeEpisodePage(source:out:heat:)`.
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

extension PointerHeat {
    /// The heat maps of recorded predictions, each on the frame its decision was made on: the
    /// frame it names, else the last frame grabbed at or before its time. Predictions before the
    /// first frame (or naming no frame of the episode) have no frame to be drawn on and are left out.
    public static func maps(_ predictions: [PointerPrediction], frames: [FrameEntry]) -> [PointerHeat] {
        predictions.compactMap { p in
            let frame: Int
            if let named = p.frame {
                guard named < frames.count else { return nil }
                frame = named
            } else {
                // frames.jsonl is in grab order: binary search for the last t ≤ p.t.
                var low = 0, high = frames.count
                while low < high {
                    let mid = (low + high) / 2
                    if frames[mid].t <= p.t { low = mid + 1 } else { high = mid }
                }
                guard low > 0 else { return nil }
                frame = low - 1
            }
            return PointerHeat(frame: frame, columns: p.columns, rows: p.rows, x: p.region.x, y: p.region.y,
                               width: p.region.width, height: p.region.height, probabilities: p.probabilities)
        }
    }
}
