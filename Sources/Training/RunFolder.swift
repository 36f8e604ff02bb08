import Episode
import Foundation
import Policy

/// The files of a training run, defined once. See docs/training.md.
///
///     models/<run>/
///       config.json            what the run is: dataset, model config, vocabulary, training options
///       last.safetensors       weights at the last checkpoint (config and vocabulary in the metadata)
///       best.safetensors       weights at the validation with the lowest loss
///       optimizer.safetensors  AdamW moments, step, data-order and schedule state
///       metrics.jsonl          one line per logged step, per validation and per event
///       report.html            the curves, inline SVG: opens offline in any browser
public enum RunLayout {
    public static let config = "config.json"
    public static let last = "last.safetensors"
    public static let best = "best.safetensors"
    public static let optimizer = "optimizer.safetensors"
    public static let metrics = "metrics.jsonl"
    public static let report = "report.html"
    /// Every file a run writes; a folder holding any of them holds a run.
    public static let all = [config, last, best, optimizer, metrics, report]

    public static let formatName = "mimic-training-run"
    public static let formatVersion = 1
}

/// config.json: what a run is. Written once when the run starts; a resumed run reads it and needs
/// nothing else.
public struct RunConfig: Codable, Sendable, Equatable {
    public var format = RunLayout.formatName
    public var formatVersion = RunLayout.formatVersion
    public var createdAt: String
    /// Program and version that started the run, e.g. "mimic 0.1.0".
    public var program: String
    public var dataset: DatasetFingerprint
    public var model: PolicyConfig
    public var keyVocabulary: [String]
    public var parameters: Int
    public var training: TrainingOptions
    /// NN threads the run started with (bit-identical resumes need the same count).
    public var threads: Int

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", createdAt = "created_at", program, dataset, model
        case keyVocabulary = "key_vocabulary", parameters, training, threads
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads `folder`/config.json.
    public static func read(folder: String) throws(TrainingError) -> RunConfig {
        let path = folder + "/" + RunLayout.config
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .nothingToResume(path: folder, reason: "no \(RunLayout.config)")
        }
        struct Header: Decodable { var format: String?; var format_version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == RunLayout.formatName else {
            throw .badCheckpoint(path: path, reason: "not a config.json of `mimic train` (no \"format\": \"\(RunLayout.formatName)\")")
        }
        guard header.format_version == RunLayout.formatVersion else {
            throw .badCheckpoint(path: path, reason: "format_version \(header.format_version ?? 0) is not supported (this mimic writes \(RunLayout.formatVersion))")
        }
        do { return try JSONDecoder().decode(RunConfig.self, from: data) } catch {
            throw .badCheckpoint(path: path, reason: "unreadable: \(error)")
        }
    }

    func write(folder: String) throws(TrainingError) {
        try RunFiles.writeAtomically(encoded(), to: folder + "/" + RunLayout.config)
    }
}

enum RunFiles {
    /// The run files present in `folder`.
    static func existing(in folder: String) -> [String] {
        RunLayout.all.filter { FileManager.default.fileExists(atPath: folder + "/" + $0) }
    }

    /// A short description of the run in `folder`, for the "already holds a run" message.
    static func describe(_ folder: String, files: [String]) -> String {
        guard let config = try? RunConfig.read(folder: folder) else { return "files " + files.joined(separator: ", ") }
        var text = "trained on \(config.dataset.path)"
        if let state = try? SafeTensorsProbe.metadata(folder + "/" + RunLayout.optimizer)["trainer_step"] {
            text = "step \(state), " + text
        }
        return text
    }

    static func writeAtomically(_ data: Data, to path: String) throws(TrainingError) {
        if let reason = CompleteFile.write([UInt8](data), to: path) { throw .writeFailed(path: path, reason: reason) }
    }

    static func createFolder(_ folder: String) throws(TrainingError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            if !isFolder.boolValue { throw .writeFailed(path: folder, reason: "a file with that name exists") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: folder, reason: error.localizedDescription)
        }
    }
}

/// Reads only the header of a safetensors file (its metadata), not the tensors.
enum SafeTensorsProbe {
    static func metadata(_ path: String) throws -> [String: String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        guard let lengthBytes = try handle.read(upToCount: 8), lengthBytes.count == 8 else { throw CocoaError(.fileReadCorruptFile) }
        let length = lengthBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length < 100_000_000, let header = try handle.read(upToCount: Int(length)), header.count == Int(length),
              let json = try JSONSerialization.jsonObject(with: header) as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        return json["__metadata__"] as? [String: String] ?? [:]
    }
}
