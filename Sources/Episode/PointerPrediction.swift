import Foundation
import Primitives

/// One line of predictions.jsonl: what a model predicted for the pointer at one decision of an agent
/// run — the probability of each patch of the model's image (the softmax of its patch head), and the
/// screen rectangle those patches cover. Optional file, written only for runs of a model; see
/// docs/episode-format.md.
public struct PointerPrediction: Sendable, Equatable {
    /// Milliseconds on the episode's clock (the one of events and frames) when the grab of the
    /// screen the decision was made on began.
    public var t: Double
    /// Index of the episode frame the decision was made on, when the writer knew it; otherwise the
    /// reader takes the last frame at or before `t`.
    public var frame: Int?
    /// The patch grid: columns × rows probabilities, row by row, top row first.
    public var columns: Int
    public var rows: Int
    /// The screen rectangle the grid covers, in screen pixels (the model image mapped back onto the
    /// screen; with letterboxing it may reach past the screen's edges).
    public var region: Rect
    public var probabilities: [Float]


    /// Digits after the point stored per probability.
    public static let decimals = 4

    public init(t: Double, frame: Int? = nil, columns: Int, rows: Int, region: Rect, probabilities: [Float]) {
        self.t = t; self.frame = frame; self.columns = columns; self.rows = rows
        self.region = region; self.probabilities = probabilities
    }

    public func jsonLine() -> [UInt8] {
        var line = JSONLine()
        line.field("t", milliseconds: t)
        if let frame { line.field("frame", frame) }
        line.field("columns", columns)
        line.field("rows", rows)
        line.field("region", [region.x, region.y, region.width, region.height])
        line.field("p", fixed: probabilities.map(Double.init), decimals: PointerPrediction.decimals)
        return line.finished()
    }

    public init(jsonLine: some Collection<UInt8>) throws(InputEvent.LineError) {
        let fields: PredictionFields
        do {
            fields = try JSONDecoder().decode(PredictionFields.self, from: Data(jsonLine))
        } catch {
            throw InputEvent.LineError(reason: "not a JSON prediction object (\(InputEvent.LineError.describe(error)))")
        }
        guard let t = fields.t, t.isFinite else { throw InputEvent.LineError(reason: "prediction without a valid \"t\"") }
        guard let columns = fields.columns, let rows = fields.rows, columns > 0, rows > 0 else {
            throw InputEvent.LineError(reason: "prediction needs \"columns\" and \"rows\" (positive)")
        }
        guard let r = fields.region, r.count == 4, r[2] > 0, r[3] > 0 else {
            throw InputEvent.LineError(reason: "\"region\" must be [x, y, width, height] with a positive size")
        }
        guard let p = fields.p, p.count == columns * rows else {
            throw InputEvent.LineError(reason: "\"p\" must hold columns × rows = \(columns * rows) probabilities, has \(fields.p?.count ?? 0)")
        }
        guard p.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw InputEvent.LineError(reason: "\"p\" holds a negative or non-finite probability")
        }
        if let frame = fields.frame, frame < 0 { throw InputEvent.LineError(reason: "\"frame\" must not be negative, got \(frame)") }
        self.init(t: t, frame: fields.frame, columns: columns, rows: rows,
                  region: Rect(x: r[0], y: r[1], width: r[2], height: r[3]), probabilities: p)
    }
}

private struct PredictionFields: Decodable {
    var t: Double?
    var frame: Int?
    var columns: Int?
    var rows: Int?
    var region: [Int]?
    var p: [Float]?
}
