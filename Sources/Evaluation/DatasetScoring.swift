import Dataset
import Foundation
import Policy
import Training

/// `mimic score --model M data/<name>`: a model's offline figures on a dataset split — type accuracy,
/// pointer error in pixels, key accuracy and the rest of the trainer's validation metrics, measured
/// by the trainer's own validation code (`DatasetScore`), so they equal what `mimic train` records.
public struct DatasetScoreReport: Codable, Sendable, Equatable {
    public var model: String
    public var dataset: String
    public var split: String
    /// Overall; `samples` is the number scored.
    public var overall: ValidationMetrics
    /// By action type name (types with samples only).
    public var byType: [String: ValidationMetrics]
    /// By task name, for datasets of the built-in tasks.
    public var byTask: [String: ValidationMetrics]?

    enum CodingKeys: String, CodingKey {
        case model, dataset, split, overall, byType = "by_type", byTask = "by_task"
    }

    /// Scores the weights file `model` on `split` of the dataset folder `dataset`. `batchSize` and
    /// `limit` as for `mimic train`'s validation (--batch, --val-samples); nil when stopped.
    public static func measure(model: String, dataset: String, split: Split, batchSize: Int = 32, limit: Int = 0,
                               shouldStop: () -> Bool = { false }) throws(EvaluationError) -> DatasetScoreReport? {
        let policy: PolicyModel
        try ModelFile.check(model)
        do { policy = try PolicyModel.load(path: model) } catch { throw .model(path: model, reason: error.description) }
        guard FileManager.default.fileExists(atPath: dataset + "/" + ShardLayout.manifestFile) else {
            throw .dataset(path: dataset, reason: "no \(ShardLayout.manifestFile) here; give a folder from `mimic dataset build`")
        }
        let record: ValidationRecord?
        do {
            record = try DatasetScore.run(model: policy, dataset: dataset, split: split, batchSize: batchSize, limit: limit, shouldStop: shouldStop)
        } catch {
            throw .dataset(path: dataset, reason: error.description)
        }
        return record.map { DatasetScoreReport(model: model, dataset: dataset, split: split.rawValue, overall: $0.overall, byType: $0.byType,
                                                   byTask: $0.byTask) }
    }

    /// The figures as lines of text: overall, then one line per action type, then one per task.
    public func lines() -> [String] {
        var out = ["\(model) on \(dataset) (\(split), \(overall.samples) samples)"]
        func line(_ name: String, _ m: ValidationMetrics) -> String {
            "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + " " + DatasetScoreReport.figures(m)
        }
        out.append(line("overall", overall))
        for name in byType.keys.sorted() { out.append(line(name, byType[name]!)) }
        if let byTask {
            out.append("  by task:")
            for name in byTask.keys.sorted() { out.append(line(name, byTask[name]!)) }
        }
        return out
    }

    static func figures(_ m: ValidationMetrics) -> String {
        var parts = [String(format: "%5d samples", m.samples), String(format: "type %.1f%%", 100 * m.typeAccuracy),
                     String(format: "action %.1f%%", 100 * m.actionAccuracy)]
        if let p = m.pointerInPatch { parts.append(String(format: "pointer in patch %.1f%%", 100 * p)) }
        if let e = m.pointerErrorPx { parts.append(String(format: "pointer error %.1f px (median)", e)) }
        if let k = m.keyAccuracy { parts.append(String(format: "key %.1f%%", 100 * k)) }
        if let k = m.modifiersAccuracy { parts.append(String(format: "modifiers %.1f%%", 100 * k)) }
        parts.append(String(format: "loss %.4f", m.loss))
        return parts.joined(separator: "  ")
    }
}
