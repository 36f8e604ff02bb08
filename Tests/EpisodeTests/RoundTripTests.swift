import Episode
import Foundation
import Imaging
import Testing
import TestSupport

@Suite("Episode round trips")
struct RoundTripTests {
    @Test("every event type survives writing and reading")
    func events() throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata())
        var written: [InputEvent] = (0..<120).map(SyntheticEpisode.event)
        written += [
            InputEvent(t: 1000.001, .motion(x: -3, y: 1_000_000)),
            InputEvent(t: 1000.5, .keyDown(.init(keycode: 38, keysym: "A", modifiers: [.shift, .lock, .ctrl, .alt, .numLock, .mod3, .superKey, .mod5]))),
            InputEvent(t: 1001, .buttonDown(.init(button: 7, x: 0, y: 0))),
            InputEvent(t: 1002, .window(.init(id: UInt64.max, title: "ünïcødé \\ \" \t tab 🎉", wmClass: "", x: 0, y: 0, width: 1, height: 1))),
        ]
        for event in written { writer.append(event) }
        let metadata = try writer.finish()
        #expect(metadata.status == .complete)
        #expect(metadata.counts.events == written.count)

        let episode = try EpisodeReader.open(dir)
        #expect(episode.status == .complete)
        #expect(episode.events == written)
        #expect(episode.notes.isEmpty)
        #expect(episode.metadata == metadata)
    }

    @Test("frames round trip, and a repeated frame is stored once")
    func frames() throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata(), png: .libpng(level: 6))
        let images = (0..<9).map { SyntheticEpisode.frame($0) }
        for (n, image) in images.enumerated() {
            try writer.addFrame(image, t: Double(n) * 33.25, pointer: (n, 2 * n))
        }
        let metadata = try writer.finish()
        #expect(metadata.counts.frames == 9)
        #expect(metadata.counts.framesDeduplicated == 3)  // frames 2, 5, 8 repeat the one before
        #expect(metadata.counts.framesStored == 6)
        #expect(metadata.durationMs == 266)

        let episode = try EpisodeReader.open(dir)
        #expect(episode.frames.count == 9)
        for (n, frame) in episode.frames.enumerated() {
            #expect(frame.index == n)
            #expect(frame.t == Double(n) * 33.25)
            #expect(frame.pointer == (n, 2 * n))
            #expect(try episode.loadFrame(frame) == images[n])
        }
        #expect(episode.frames[2].sameAs == 1)
        #expect(episode.frames[2].file == "frames/000001.png")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/frames")
        #expect(files.count == 6)
        #expect(episode.verifyFrameFiles() == nil)
    }

    @Test("episode.json names the PNG encoder; frames from either encoder read back exactly", arguments: [
        (PNGEncoding.default, EpisodeMetadata.PNGSettings(encoder: "fast", level: nil, filter: "none")),
        (PNGEncoding.libpng(level: 1), EpisodeMetadata.PNGSettings(encoder: "libpng", level: 1, filter: "none")),
        (PNGEncoding.libpng(level: 9, filter: .adaptive), EpisodeMetadata.PNGSettings(encoder: "libpng", level: 9, filter: "adaptive")),
    ])
    func pngEncoders(png: PNGEncoding, settings: EpisodeMetadata.PNGSettings) throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata(), png: png)
        let images = (0..<4).map { SyntheticEpisode.frame($0 * 3) }
        let encoder = writer.makeFrameEncoder()
        for (n, image) in images.enumerated() {
            let file = try writer.writeFrameFile(image, index: n, encoder: n % 2 == 0 ? encoder : nil).file
            try writer.appendFrame(FrameEntry(index: n, t: Double(n), file: file, pointer: (0, 0)))
        }
        #expect(try writer.finish().png == settings)
        let episode = try EpisodeReader.open(dir)
        #expect(episode.metadata.png == settings)
        for (n, frame) in episode.frames.enumerated() { #expect(try episode.loadFrame(frame) == images[n], "frame \(n), \(png)") }
    }

    @Test("an episode.json from before the fast encoder (png without encoder, meaning libpng) still reads")
    func olderPNGSettings() throws {
        let json = #"{"level": 1, "filter": "none"}"#
        let settings = try JSONDecoder().decode(EpisodeMetadata.PNGSettings.self, from: Data(json.utf8))
        #expect(settings == EpisodeMetadata.PNGSettings(encoder: nil, level: 1, filter: "none"))
    }

    @Test("metadata changes are written and read back")
    func metadataUpdates() throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        var metadata = SyntheticEpisode.metadata()
        metadata.instruction = "click the red square"
        metadata.keyboard = .init(rules: "evdev", model: "pc105", layout: "us", variant: "", options: nil)
        let writer = try EpisodeWriter(directory: dir, metadata: metadata)
        try writer.updateMetadata { $0.task = .init(name: "click-target", seed: 42, outcome: "success") }
        try writer.finish(interruption: "stopped by a test")
        let episode = try EpisodeReader.open(dir)
        #expect(episode.metadata.instruction == "click the red square")
        #expect(episode.metadata.keyboard?.layout == "us")
        #expect(episode.metadata.task == .init(name: "click-target", seed: 42, outcome: "success"))
        #expect(episode.status == .interrupted(reason: "stopped by a test"))
    }

    @Test("a finished writer refuses to finish again")
    func finishTwice() throws {
        let folder = TemporaryFolder()
        let writer = try EpisodeWriter(directory: folder.file("e"), metadata: SyntheticEpisode.metadata())
        try writer.finish()
        #expect(throws: EpisodeError.self) { try writer.finish() }
    }

    @Test("an existing folder is never overwritten")
    func existingFolder() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("e"), withIntermediateDirectories: false)
        #expect(throws: EpisodeError.alreadyExists(path: folder.file("e"))) {
            try EpisodeWriter(directory: folder.file("e"), metadata: SyntheticEpisode.metadata())
        }
    }

    @Test("events reach the file without an explicit flush")
    func periodicFlush() throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata())
        for k in 0..<10 { writer.append(SyntheticEpisode.event(k)) }
        // The flusher writes within 100 ms; poll (the bound only keeps a broken flusher from hanging the test).
        var lines = 0
        for _ in 0..<500 where lines < 10 {
            usleep(10_000)
            lines = (FileManager.default.contents(atPath: dir + "/events.jsonl")?.filter { $0 == 10 }.count) ?? 0
        }
        #expect(lines == 10)
        try writer.finish()
    }

    @Test("new episodes are owner-only: folders 0700, files 0600")
    func permissions() throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let old = umask(0o022)
        defer { umask(old) }
        let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata())
        writer.append(SyntheticEpisode.event(0))
        try writer.addFrame(SyntheticEpisode.frame(0), t: 0, pointer: (0, 0))
        try writer.finish()
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(dir) == 0o700)
        #expect(try mode(dir + "/frames") == 0o700)
        for file in ["episode.json", "events.jsonl", "frames.jsonl", "frames/000000.png"] {
            #expect(try mode(dir + "/" + file) == 0o600, "\(file)")
        }
    }
}

@Suite("Partial frames in the format")
struct PartialFrameFormatTests {
    @Test("a patch line round-trips and loadFrame draws the patch over its base")
    func compose() throws {
        let folder = TemporaryFolder()
        let dir = folder.file("episode")
        let writer = try EpisodeWriter(directory: dir, metadata: SyntheticEpisode.metadata(width: 64, height: 48))
        let base = SyntheticEpisode.frame(0)
        try writer.addFrame(base, t: 0, pointer: (0, 0))
        let patch = RGBImage(width: 5, height: 4, fill: (1, 2, 3))
        let file = try writer.writeFrameFile(patch, index: 1).file
        try writer.appendFrame(FrameEntry(index: 1, t: 10, file: file, pointer: (3, 3), patch: .init(base: 0, x: 10, y: 20)))
        try writer.appendFrame(FrameEntry(index: 2, t: 20, file: file, pointer: (3, 3), sameAs: 1, patch: .init(base: 0, x: 10, y: 20)))
        let metadata = try writer.finish()
        #expect(metadata.counts.framesPartial == 1 && metadata.counts.framesStored == 2 && metadata.counts.framesDeduplicated == 1)

        let episode = try EpisodeReader.open(dir)
        #expect(episode.frames[1].patch == .init(base: 0, x: 10, y: 20))
        #expect(episode.frames[2].sameAs == 1 && episode.frames[2].patch == episode.frames[1].patch)
        var expected = base
        for y in 20..<24 { for x in 10..<15 { expected[x, y] = (1, 2, 3) } }
        #expect(try episode.loadFrame(episode.frames[1]) == expected)
        #expect(try episode.loadFrame(episode.frames[2]) == expected)
        #expect(episode.verifyFrameFiles() == nil)
    }

    @Test("a patch whose base is itself a patch, or that does not fit the screen, is refused")
    func refusals() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder, events: 2, frames: 3)
        try replaceLine(3, in: dir + "/frames.jsonl", with: #"{"i":2,"t":2.0,"file":"frames/000001.png","pointer":[0,0],"patch":{"base":1,"x":0,"y":0}}"#)
        try replaceLine(2, in: dir + "/frames.jsonl", with: #"{"i":1,"t":1.0,"file":"frames/000001.png","pointer":[0,0],"patch":{"base":0,"x":0,"y":0}}"#)
        #expect(throws: EpisodeError.corruptLine(path: dir + "/frames.jsonl", line: 3, reason: "patch base 1 is not a full frame")) {
            try EpisodeReader.open(dir)
        }
        try replaceLine(3, in: dir + "/frames.jsonl", with: #"{"i":2,"t":2.0,"file":"frames/000001.png","pointer":[0,0],"patch":{"base":0,"x":40,"y":0}}"#)
        let episode = try EpisodeReader.open(dir)
        let failure = try #require(episode.verifyFrameFiles())
        #expect(failure.description.contains("does not fit"))
    }
}
