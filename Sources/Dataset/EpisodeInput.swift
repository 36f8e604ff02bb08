import Episode
import Foundation

/// An episode as the dataset reads it: what EpisodeReader gives, except that a frame whose PNG is
/// missing does not make the whole episode unreadable: only the samples observing it are skipped
/// (the builder finds out when it decodes the frame).
public struct EpisodeInput: Sendable {
    public var directory: String
    public var metadata: EpisodeMetadata
    public var events: [InputEvent]
    public var frames: [FrameEntry]
    public var status: EpisodeContents.Status
    public var notes: [String]

    public init(directory: String, metadata: EpisodeMetadata, events: [InputEvent], frames: [FrameEntry],
                status: EpisodeContents.Status, notes: [String] = []) {
        self.directory = directory; self.metadata = metadata; self.events = events; self.frames = frames
        self.status = status; self.notes = notes
    }

    public init(_ contents: EpisodeContents) {
        self.init(directory: contents.directory, metadata: contents.metadata, events: contents.events,
                  frames: contents.frames, status: contents.status, notes: contents.notes)
    }

    public func path(of frame: FrameEntry) -> String { directory + "/" + frame.file }

    public var isInterrupted: Bool {
        if case .interrupted = status { return true }
        return false
    }

    /// Opens an episode with EpisodeReader; when the reader refuses it only because a frame's PNG is
    /// missing, reads its files again here, keeping the frames whose PNGs are missing.
    public static func load(_ directory: String) throws(DatasetError) -> EpisodeInput {
        do throws(EpisodeError) {
            return EpisodeInput(try EpisodeReader.open(directory))
        } catch {
            guard case .missingFrameFile = error else {
                throw .unreadableEpisode(path: directory, reason: error.description)
            }
            return try readKeepingMissingFrames(directory, readerError: error)
        }
    }

    /// The same reading rules as EpisodeReader (truncated last lines skipped, unknown event types
    /// ignored), through the format's public parsers.
    static func readKeepingMissingFrames(_ directory: String, readerError: EpisodeError) throws(DatasetError) -> EpisodeInput {
        let metadataPath = directory + "/" + EpisodeLayout.metadataFile
        guard let data = FileManager.default.contents(atPath: metadataPath),
              let metadata = try? JSONDecoder().decode(EpisodeMetadata.self, from: data) else {
            throw .unreadableEpisode(path: directory, reason: readerError.description)
        }
        var notes: [String] = []
        let events: [InputEvent] = try lines(directory + "/" + EpisodeLayout.eventsFile, notes: &notes) { line throws(InputEvent.LineError) in
            do throws(InputEvent.LineError) {
                return try InputEvent(jsonLine: line)
            } catch {
                if error.unknownType != nil { return nil }
                throw error
            }
        }
        let frames: [FrameEntry] = try lines(directory + "/" + EpisodeLayout.framesFile, notes: &notes) { line throws(InputEvent.LineError) in
            try FrameEntry(jsonLine: line)
        }
        let missing = frames.filter { !FileManager.default.fileExists(atPath: directory + "/" + $0.file) }
        notes.append("\(directory): \(missing.count) frame line(s) name a PNG that is missing (first: \(missing.first?.file ?? "?"))")
        let status: EpisodeContents.Status = metadata.status == .complete
            ? .complete : .interrupted(reason: metadata.interruption ?? "the recorder stopped without finishing the episode")
        return EpisodeInput(directory: directory, metadata: metadata, events: events, frames: frames, status: status, notes: notes)
    }

    private static func lines<T>(_ path: String, notes: inout [String],
                                 parse: (ArraySlice<UInt8>) throws(InputEvent.LineError) -> T?) throws(DatasetError) -> [T] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let bytes = [UInt8](data)
        var result: [T] = []
        var start = 0, number = 0
        while start < bytes.count {
            number += 1
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? bytes.count
            let line = bytes[start..<end]
            start = end + 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do throws(InputEvent.LineError) {
                if let value = try parse(line) { result.append(value) }
            } catch {
                guard newline == nil else { throw .unreadableEpisode(path: "\(path):\(number)", reason: error.reason) }
                notes.append("\(path):\(number): truncated last line skipped")
            }
        }
        return result
    }

    /// Episode folders named by `inputs`: each input is an episode folder (it has episode.json) or
    /// a folder of them (like recordings/). Sorted by path, each once.
    public static func find(_ inputs: [String]) throws(DatasetError) -> [String] {
        guard !inputs.isEmpty else { throw .noInputs }
        let fm = FileManager.default
        var found: [String] = []
        for input in inputs {
            let path = input.count > 1 && input.hasSuffix("/") ? String(input.dropLast()) : input
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw .notAnEpisode(path: input)
            }
            if fm.fileExists(atPath: path + "/" + EpisodeLayout.metadataFile) {
                found.append(path)
                continue
            }
            let children = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
                .map { path + "/" + $0 }
                .filter { fm.fileExists(atPath: $0 + "/" + EpisodeLayout.metadataFile) }
            guard !children.isEmpty else { throw .noEpisodesFound(path: input) }
            found += children
        }
        var seen = Set<String>()
        return found
            .filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path).inserted }
            .sorted()
    }
}
