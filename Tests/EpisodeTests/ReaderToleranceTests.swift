import Episode
import Foundation
import Imaging
import Testing
import TestSupport

/// Builds a small complete episode to damage.
func makeEpisode(in folder: TemporaryFolder, events: Int = 12, frames: Int = 4) throws -> String {
    let dir = folder.file("episode")
    let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata())
    for k in 0..<events { writer.append(SyntheticEpisode.event(k)) }
    for n in 0..<frames { try writer.addFrame(SyntheticEpisode.frame(n), t: Double(n), pointer: (n, n)) }
    try writer.finish()
    return dir
}

func appendBytes(_ text: String, to path: String) throws {
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    try handle.close()
}

func replaceLine(_ number: Int, in path: String, with text: String) throws {
    var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
    lines[number - 1] = text
    try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
}

@Suite("Reader tolerance and refusals")
struct ReaderToleranceTests {
    @Test("a truncated last line is skipped and reported, in both files")
    func truncatedLastLine() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        try appendBytes(#"{"t":99.5,"type":"key_do"#, to: dir + "/events.jsonl")
        try appendBytes(#"{"i":4,"t":5.0,"fi"#, to: dir + "/frames.jsonl")
        let episode = try EpisodeReader.open(dir)
        #expect(episode.events.count == 12)
        #expect(episode.frames.count == 4)
        #expect(episode.notes.contains { $0.contains("events.jsonl:13: truncated last line") })
        #expect(episode.notes.contains { $0.contains("frames.jsonl:5: truncated last line") })
    }

    @Test("a torn temporary frame file is ignored and reported")
    func tornTemporaryFrame() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        let png = try PNG.encode(SyntheticEpisode.frame(7), level: 1)
        try Data(png.prefix(100)).write(to: URL(fileURLWithPath: dir + "/frames/000004.png.tmp"))
        let episode = try EpisodeReader.open(dir)
        #expect(episode.frames.count == 4)
        #expect(episode.notes.contains { $0.contains("torn temporary") && $0.contains("frames/000004.png.tmp") })
        #expect(episode.verifyFrameFiles() == nil)
    }

    @Test("unknown extra fields are accepted everywhere")
    func unknownFields() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        var json = try String(contentsOfFile: dir + "/episode.json", encoding: .utf8)
        json = json.replacingOccurrences(of: "\"format_version\"", with: "\"future_field\": {\"a\": [1, 2]},\n  \"format_version\"")
        try json.write(toFile: dir + "/episode.json", atomically: false, encoding: .utf8)
        try replaceLine(1, in: dir + "/events.jsonl", with: #"{"t":0.000,"type":"motion","x":0,"y":0,"pressure":0.5,"device":"pen"}"#)
        try replaceLine(1, in: dir + "/frames.jsonl", with: #"{"i":0,"t":0.000,"file":"frames/000000.png","pointer":[0,0],"grab_ms":0.4}"#)
        let episode = try EpisodeReader.open(dir)
        #expect(episode.events.first == InputEvent(t: 0, .motion(x: 0, y: 0)))
        #expect(episode.frames.count == 4)
    }

    @Test("an unknown format_version is refused")
    func unknownVersion() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        let json = try String(contentsOfFile: dir + "/episode.json", encoding: .utf8)
            .replacingOccurrences(of: "\"format_version\" : 1", with: "\"format_version\" : 2")
        try json.write(toFile: dir + "/episode.json", atomically: false, encoding: .utf8)
        #expect(throws: EpisodeError.unknownFormatVersion(path: dir + "/episode.json", found: 2, expected: 1)) {
            try EpisodeReader.open(dir)
        }
    }

    @Test("a corrupt line in the middle is refused with its file and line")
    func corruptMiddleLine() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        try replaceLine(5, in: dir + "/events.jsonl", with: #"{"t":4,"type":"button_down","x":1}"#)
        do {
            _ = try EpisodeReader.open(dir)
            Issue.record("a corrupt line was accepted")
        } catch {
            guard case .corruptLine(let path, let line, let reason) = error else { throw error }
            #expect(path == dir + "/events.jsonl")
            #expect(line == 5)
            #expect(reason.contains("button"))
            #expect(error.description.contains("events.jsonl:5"))
        }
    }

    @Test("a frame line whose PNG is missing is refused with its line")
    func missingPNG() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        try FileManager.default.removeItem(atPath: dir + "/frames/000003.png")
        #expect(throws: EpisodeError.missingFrameFile(path: dir + "/frames.jsonl", line: 4, frameFile: "frames/000003.png")) {
            try EpisodeReader.open(dir)
        }
    }

    @Test("a PNG with a broken body is refused, naming the file")
    func brokenPNG() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        let path = dir + "/frames/000001.png"
        var bytes = try #require(FileManager.default.contents(atPath: path))
        for i in (bytes.count / 2)..<(bytes.count / 2 + 8) { bytes[i] ^= 0xFF }
        try bytes.write(to: URL(fileURLWithPath: path))
        let episode = try EpisodeReader.open(dir)
        let failure = try #require(episode.verifyFrameFiles())
        #expect(failure.description.contains("frames/000001.png"))
        #expect(throws: EpisodeError.self) { try episode.loadFrame(episode.frames[1]) }
    }

    @Test("a missing episode.json is refused")
    func missingMetadata() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        try FileManager.default.removeItem(atPath: dir + "/episode.json")
        #expect(throws: EpisodeError.missingMetadata(path: dir + "/episode.json")) { try EpisodeReader.open(dir) }
    }

    @Test("status recording whose recorder is gone reads as interrupted")
    func deadRecorder() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        var json = try String(contentsOfFile: dir + "/episode.json", encoding: .utf8)
        json = json.replacingOccurrences(of: "\"status\" : \"complete\"", with: "\"status\" : \"recording\", \"pid\" : 2147483000")
        try json.write(toFile: dir + "/episode.json", atomically: false, encoding: .utf8)
        let episode = try EpisodeReader.open(dir)
        guard case .interrupted = episode.status else {
            Issue.record("expected interrupted, got \(episode.status)")
            return
        }
    }
}

@Suite("episode.json tolerance")
struct MetadataToleranceTests {
    @Test("a minimal episode.json (only the required fields) is read, with defaults for the rest")
    func minimal() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        let minimal = #"{"format_version": 1, "id": "hand-made", "started_at": "2026-11-29T12:00:00.000Z", "status": "complete", "screen": {"width": 64, "height": 48}}"#
        try minimal.write(toFile: dir + "/episode.json", atomically: false, encoding: .utf8)
        let episode = try EpisodeReader.open(dir)
        #expect(episode.metadata.id == "hand-made")
        #expect(episode.metadata.counts == EpisodeMetadata.Counts())
        #expect(episode.frames.count == 4)
    }
}
