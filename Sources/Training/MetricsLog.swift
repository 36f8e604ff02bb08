import Foundation

/// One metrics.jsonl line of kind "train": the mean over the `steps` updates up to `step`.
public struct TrainRecord: Codable, Sendable, Equatable {
    public var kind = "train"
    /// Updates done when the line was written.
    public var step: Int
    /// Passes over the training samples done, as a fraction.
    public var epoch: Double
    /// Updates this line averages (usually --log-every).
    public var steps: Int
    /// Mean total loss of those updates, and of each head over the updates whose batch had samples for it
    /// (nil when none had).
    public var loss: Double
    public var lossType: Double
    public var lossPatch: Double?
    public var lossOffset: Double?
    public var lossKey: Double?
    public var lossMods: Double?
    /// Learning rate of the last update.
    public var lr: Double
    /// Mean global gradient norm before clipping.
    public var gradNorm: Double
    /// Training samples per second over these updates, waiting for data included.
    public var samplesPerSecond: Double
    /// Mean milliseconds per update spent waiting for the batch loader (0 when it kept ahead).
    public var dataWaitMs: Double
    /// Seconds the training loop has run, over every invocation.
    public var elapsed: Double

    enum CodingKeys: String, CodingKey {
        case kind, step, epoch, steps, loss, lossType = "loss_type", lossPatch = "loss_patch", lossOffset = "loss_offset"
        case lossKey = "loss_key", lossMods = "loss_mods", lr, gradNorm = "grad_norm", samplesPerSecond = "samples_per_s"
        case dataWaitMs = "data_wait_ms", elapsed = "elapsed_s"
    }
}

/// Validation metrics of one group of samples (all, or one action type).
public struct ValidationMetrics: Codable, Sendable, Equatable {
    public var samples: Int
    /// Loss per head: the mean over the samples the head applies to (nil when none do); `loss` is their sum,
    /// as the training loss defines it.
    public var loss: Double
    public var lossType: Double
    public var lossPatch: Double?
    public var lossOffset: Double?
    public var lossKey: Double?
    public var lossMods: Double?
    /// The most likely type is the target's.
    public var typeAccuracy: Double
    /// The whole action is right: type, and the pointer in the target's patch (pointer actions) or the key
    /// and every modifier (keys).
    public var actionAccuracy: Double
    /// Pointer actions: the most likely patch is the one the target is in.
    public var pointerInPatch: Double?
    /// Pointer actions: median distance, in screen pixels, from the predicted point (most likely patch, then
    /// most likely position in it) to the target (nil when the dataset does not record the screens).
    public var pointerErrorPx: Double?
    /// Keys: the most likely key is the target's; every modifier's choice (p > ½) is right.
    public var keyAccuracy: Double?
    public var modifiersAccuracy: Double?

    enum CodingKeys: String, CodingKey {
        case samples, loss, lossType = "loss_type", lossPatch = "loss_patch", lossOffset = "loss_offset", lossKey = "loss_key"
        case lossMods = "loss_mods", typeAccuracy = "type_accuracy", actionAccuracy = "action_accuracy"
        case pointerInPatch = "pointer_in_patch", pointerErrorPx = "pointer_error_px_median", keyAccuracy = "key_accuracy"
        case modifiersAccuracy = "modifiers_accuracy"
    }
}

/// One metrics.jsonl line of kind "val": validation after `step` updates, overall, per action type and
/// per task.
public struct ValidationRecord: Codable, Sendable, Equatable {
    public var kind = "val"
    public var step: Int
    public var epoch: Double
    public var overall: ValidationMetrics
    /// By action type name; only types with samples.
    public var byType: [String: ValidationMetrics]
    /// By task name, for datasets of the built-in tasks (nil when no episode names its task).
    public var byTask: [String: ValidationMetrics]?
    /// The lowest validation loss so far (best.safetensors was written).
    public var best: Bool
    /// Seconds the validation took.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case kind, step, epoch, overall, byType = "by_type", byTask = "by_task", best, seconds
    }
}

/// One metrics.jsonl line of kind "event": started, resumed, stopped, finished, non_finite_loss.
public struct EventRecord: Codable, Sendable, Equatable {
    public var kind = "event"
    public var step: Int
    public var event: String
    public var message: String
    /// When it happened (UTC, ISO 8601).
    public var time: String

    public init(step: Int, event: String, message: String, time: Date = Date()) {
        self.step = step
        self.event = event
        self.message = message
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        self.time = f.string(from: time)
    }
}

public enum MetricsRecord: Sendable, Equatable {
    case train(TrainRecord)
    case validation(ValidationRecord)
    case event(EventRecord)

    public var step: Int {
        switch self {
        case .train(let r): r.step
        case .validation(let r): r.step
        case .event(let r): r.step
        }
    }
}

/// metrics.jsonl: one JSON object per line, appended as training goes (a line is complete on disk before
/// the next update starts). Readers skip unknown kinds, unknown fields and a truncated last line.
public final class MetricsLog {
    public let path: String
    public private(set) var records: [MetricsRecord]
    private var handle: FileHandle?

    /// Opens (creating if needed) the log at `path`, keeping the records up to `keepThrough` and
    /// dropping later ones: lines written after the checkpoint a run resumes from.
    public init(path: String, keepThrough step: Int?) throws(TrainingError) {
        self.path = path
        records = (try? MetricsLog.read(path: path)) ?? []
        if let step {
            // Rewritten whole: this also drops a line cut short when the process was killed.
            records = records.filter { $0.step <= step }
            try RunFiles.writeAtomically(Data(records.map { MetricsLog.line($0) }.joined().utf8), to: path)
        } else {
            records = []
            try RunFiles.writeAtomically(Data(), to: path)
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw .writeFailed(path: path, reason: "cannot open for appending") }
        do { try h.seekToEnd() } catch { throw .writeFailed(path: path, reason: error.localizedDescription) }
        handle = h
    }

    deinit { try? handle?.close() }

    public func append(_ record: MetricsRecord) throws(TrainingError) {
        records.append(record)
        do { try handle?.write(contentsOf: Data(MetricsLog.line(record).utf8)) } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }

    public var trainRecords: [TrainRecord] { records.compactMap { if case .train(let r) = $0 { r } else { nil } } }
    public var validationRecords: [ValidationRecord] { records.compactMap { if case .validation(let r) = $0 { r } else { nil } } }
    public var eventRecords: [EventRecord] { records.compactMap { if case .event(let r) = $0 { r } else { nil } } }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static func line(_ record: MetricsRecord) -> String {
        let data: Data
        switch record {
        case .train(let r): data = try! encoder.encode(r)
        case .validation(let r): data = try! encoder.encode(r)
        case .event(let r): data = try! encoder.encode(r)
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Every record of a metrics.jsonl file, in file order.
    public static func read(path: String) throws(TrainingError) -> [MetricsRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .nothingToResume(path: path, reason: "cannot read the file")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        struct Kind: Decodable { var kind: String }
        var out: [MetricsRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let bytes = Data(line)
            guard let kind = try? decoder.decode(Kind.self, from: bytes) else { continue }
            switch kind.kind {
            case "train": if let r = try? decoder.decode(TrainRecord.self, from: bytes) { out.append(.train(r)) }
            case "val": if let r = try? decoder.decode(ValidationRecord.self, from: bytes) { out.append(.validation(r)) }
            case "event": if let r = try? decoder.decode(EventRecord.self, from: bytes) { out.append(.event(r)) }
            default: continue
            }
        }
        return out
    }
}
