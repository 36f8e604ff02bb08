import Foundation
import Imaging

/// An episode as read from disk: complete, interrupted, or still being recorded.
public struct EpisodeContents: Sendable {
    public let directory: String
    public let metadata: EpisodeMetadata
    public let events: [InputEvent]
    public let frames: [FrameEntry]
    public let status: Status
    /// Things a person should know that did not stop the episode from being read.
    public let notes: [String]

    public enum Status: Sendable, Equatable {
        case complete
        case interrupted(reason: String)
        /// status is `recording` and its recorder process is alive.
        case recording
    }

    /// Milliseconds from the start to the last event or frame.
    public var durationMs: Double {
        max(events.last?.t ?? 0, frames.last?.t ?? 0, metadata.durationMs ?? 0)
    }

    public func path(of frame: FrameEntry) -> String { directory + "/" + frame.file }

    /// The frame's pixels: its PNG, or for a partial frame its base frame with the patch drawn in.
    public func loadFrame(_ frame: FrameEntry) throws(EpisodeError) -> RGBImage {
        let image = try decode(path(of: frame))
        guard let patch = frame.patch else { return image }
        var base = try decode(directory + "/" + frames[patch.base].file)
        try Self.draw(image, into: &base, at: patch, path: path(of: frame))
        return base
    }

    /// Draws a partial frame's region over its base frame's pixels.
    static func draw(_ region: RGBImage, into base: inout RGBImage, at patch: FrameEntry.Patch, path: String) throws(EpisodeError) {
        guard base.fits(region, x: patch.x, y: patch.y) else {
            throw .unreadableFrame(path: path, reason: "a \(region.width)x\(region.height) patch at (\(patch.x), \(patch.y)) does not fit the \(base.width)x\(base.height) screen")
        }
        base.paste(region, x: patch.x, y: patch.y)
    }

    private func decode(_ path: String) throws(EpisodeError) -> RGBImage {
        do throws(ImagingError) {
            return try PNG.read(path: path)
        } catch {
            throw .unreadableFrame(path: path, reason: error.description)
        }
    }
}

/// Opens episodes tolerantly: a truncated last line is skipped and noted, unknown fields are
/// ignored, an interrupted episode reads up to its last complete line. Refuses, naming file and
/// line, what cannot be trusted: missing or unreadable episode.json, an unknown format_version,
/// a corrupt line before the last, a frame whose PNG is missing.
public enum EpisodeReader {
    public static func open(_ directory: String) throws(EpisodeError) -> EpisodeContents {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw .notAFolder(path: directory)
        }
        var notes: [String] = []
        let metadata = try readMetadata(directory + "/" + EpisodeLayout.metadataFile)

        let eventsPath = directory + "/" + EpisodeLayout.eventsFile
        var unknownTypes: [String: Int] = [:]
        let events: [InputEvent] = try readLines(eventsPath, notes: &notes) { (line, _) throws(InputEvent.LineError) in
            do throws(InputEvent.LineError) {
                return try InputEvent(jsonLine: line)
            } catch {
                guard let type = error.unknownType else { throw error }
                unknownTypes[type, default: 0] += 1
                return nil
            }
        }
        for (type, count) in unknownTypes.sorted(by: { $0.key < $1.key }) {
            notes.append("\(eventsPath): \(count) event(s) of unknown type \"\(type)\" ignored")
        }

        let framesPath = directory + "/" + EpisodeLayout.framesFile
        var missing: (line: Int, file: String)?
        let frames: [FrameEntry] = try readLines(framesPath, notes: &notes) { (line, number) throws(InputEvent.LineError) in
            let frame = try FrameEntry(jsonLine: line)
            if missing == nil && !FileManager.default.fileExists(atPath: directory + "/" + frame.file) {
                missing = (number, frame.file)
            }
            return frame
        }
        if let missing { throw .missingFrameFile(path: framesPath, line: missing.line, frameFile: missing.file) }
        for (position, frame) in frames.enumerated() {
            if let patch = frame.patch, patch.base >= frames.count || frames[patch.base].patch != nil {
                throw .corruptLine(path: framesPath, line: position + 1, reason: "patch base \(patch.base) is not a full frame")
            }
        }
        for (position, frame) in frames.enumerated() where frame.index != position {
            notes.append("\(framesPath): frame on line \(position + 1) says \"i\": \(frame.index)")
            break
        }
        notes += strayFrameFiles(directory: directory, frames: frames)

        return EpisodeContents(directory: directory, metadata: metadata, events: events, frames: frames,
                               status: effectiveStatus(metadata), notes: notes)
    }

    /// The model's pointer predictions of an agent run (predictions.jsonl, optional: none when the
    /// file is missing), with notes like `open`'s. Same tolerance as the other files: a truncated
    /// last line is skipped and noted; any other line that does not parse is an error naming file
    /// and line.
    public static func readPredictions(_ directory: String) throws(EpisodeError) -> (predictions: [PointerPrediction], notes: [String]) {
        let path = directory + "/" + EpisodeLayout.predictionsFile
        guard FileManager.default.fileExists(atPath: path) else { return ([], []) }
        var notes: [String] = []
        let predictions: [PointerPrediction] = try readLines(path, notes: &notes) { (line, _) throws(InputEvent.LineError) in
            try PointerPrediction(jsonLine: line)
        }
        return (predictions, notes)
    }

    static func readMetadata(_ path: String) throws(EpisodeError) -> EpisodeMetadata {
        guard let bytes = FileIO.readAll(path) else { throw .missingMetadata(path: path) }
        let data = Data(bytes)
        struct VersionOnly: Decodable { var format_version: Int? }
        guard let version = try? JSONDecoder().decode(VersionOnly.self, from: data) else {
            throw .unreadableMetadata(path: path, reason: "not a JSON object")
        }
        guard let found = version.format_version else {
            throw .unreadableMetadata(path: path, reason: "no \"format_version\" field")
        }
        guard found == EpisodeLayout.formatVersion else {
            throw .unknownFormatVersion(path: path, found: found, expected: EpisodeLayout.formatVersion)
        }
        do {
            return try JSONDecoder().decode(EpisodeMetadata.self, from: data)
        } catch {
            throw .unreadableMetadata(path: path, reason: InputEvent.LineError.describe(error))
        }
    }

    /// Parses a JSON-lines file. A last line without its newline that does not parse is a write
    /// cut short by a crash: skipped and noted. Any other line that does not parse is an error.
    /// A missing file reads as empty (the recorder may have died before creating it).
    static func readLines<T>(_ path: String, notes: inout [String],
                             parse: (ArraySlice<UInt8>, Int) throws(InputEvent.LineError) -> T?) throws(EpisodeError) -> [T] {
        guard let bytes = FileIO.readAll(path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .unreadableMetadata(path: path, reason: "cannot read the file")
            }
            notes.append("\(path): missing, read as empty")
            return []
        }
        var result: [T] = []
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
            let lineEnd = newline ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do throws(InputEvent.LineError) {
                if let value = try parse(line, lineNumber) { result.append(value) }
            } catch {
                if newline == nil {
                    notes.append("\(path):\(lineNumber): truncated last line skipped (the writer stopped mid-line)")
                } else {
                    throw .corruptLine(path: path, line: lineNumber, reason: error.reason)
                }
            }
        }
        return result
    }

    static func effectiveStatus(_ metadata: EpisodeMetadata) -> EpisodeContents.Status {
        switch metadata.status {
        case .complete:
            return .complete
        case .interrupted:
            return .interrupted(reason: metadata.interruption ?? "no reason recorded")
        case .recording:
            if let pid = metadata.pid, metadata.hostname == nil || metadata.hostname == ProcessInfo.processInfo.hostName,
               kill(pid, 0) == 0 || errno == EPERM {
                return .recording
            }
            return .interrupted(reason: "the recorder stopped without finishing the episode (killed or crashed)")
        }
    }

    /// Torn temporary files and PNGs no frames.jsonl line refers to (written just before a crash).
    static func strayFrameFiles(directory: String, frames: [FrameEntry]) -> [String] {
        let folder = directory + "/" + EpisodeLayout.framesFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let referenced = Set(frames.map(\.file))
        var torn: [String] = []
        var unreferenced: [String] = []
        for name in names.sorted() {
            let relative = EpisodeLayout.framesFolder + "/" + name
            if name.hasSuffix(EpisodeLayout.temporarySuffix) {
                torn.append(relative)
            } else if name.hasSuffix(".png") && !referenced.contains(relative) {
                unreferenced.append(relative)
            }
        }
        var notes: [String] = []
        if !torn.isEmpty {
            notes.append("\(folder): \(torn.count) torn temporary file(s) ignored (\(torn.prefix(3).joined(separator: ", ")))")
        }
        if !unreferenced.isEmpty {
            notes.append("\(folder): \(unreferenced.count) PNG(s) without a frames.jsonl line ignored (\(unreferenced.prefix(3).joined(separator: ", ")))")
        }
        return notes
    }
}
