import Primitives
import Dataset
import Episode
import Foundation
import Imaging
import Testing
import TestSupport

@Suite("Building shards from hand-built episodes")
struct BuilderTests {
    /// Frames every 100 ms from 0 to 3000; a click, a key 1 ms before a frame, a scroll, a drag, and
    /// two pauses long enough for a wait each.
    static let events: [InputEvent] =
        clickEvents(1050, 32, 24) + tap(1299, "A", [.shift]) + scrollEvents(1500, 5, 10, 10)
        + [press(2600, 1, 5, 5), motion(2650, 40, 30), release(2700, 1, 40, 30)]

    @Test("each action is stored with the last frame before it, its targets and its history")
    func endToEnd() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("rec/ep"), frameTimes: HandBuiltEpisode.times(through: 3000), events: BuilderTests.events)
        let (result, warnings) = try buildDataset([folder.file("rec")], into: folder.file("data"))
        #expect(warnings.isEmpty)
        let samples = try readSplit(folder.file("data"), .train)

        #expect(samples.map(\.record.type) == [.wait, .click, .key, .scrollDown, .wait, .mouseDown, .mouseUp])
        #expect(samples.map(\.record.time) == [500, 1050, 1299, 1500, 2000, 2600, 2650])
        // The observation: the last frame grabbed strictly before the action (frame i is at 100·i ms).
        let expectedFrames = [4, 10, 12, 14, 19, 25, 26]
        #expect(samples.map { Int($0.record.frameIndex) } == expectedFrames)
        #expect(samples.map { HandBuiltEpisode.frameIndex(shown: $0.frame) } == expectedFrames)
        #expect(samples.map(\.record.frameTime) == expectedFrames.map { Double($0) * 100 })

        // 64x48 letterboxed into 128x128: content 128x96 at y = 16, so x = (px + .5)/64, y = (16 + 2(py + .5))/128.
        let click = samples[1].record
        #expect(click.x == 32.5 / 64 && click.y == Float(16 + 2 * 24.5) / 128)
        #expect(click.screenX == 32.5 / 64 && click.screenY == 24.5 / 48)
        #expect(samples[1].frame[64, 10] == (0, 0, 0))  // the letterbox bar

        let key = samples[2].record
        #expect(key.key == Int32(KeyVocabulary.standard.index(of: "a")!))
        #expect(key.modifiers == .shift && key.x == 0 && key.y == 0)

        let up = samples[6].record
        #expect(up.startX == 5.5 / 64 && up.x == 40.5 / 64)
        #expect(up.histType == [ActionType.key, .scrollDown, .wait, .mouseDown].map(\.rawValue))
        #expect(up.histKey == [Int32(KeyVocabulary.standard.index(of: "a")!), 0, 0, 0])
        #expect(up.histX == [0, FrameGeometry.bin(10.5 / 64, bins: 64), 0, FrameGeometry.bin(5.5 / 64, bins: 64)])
        #expect(up.histY == [0, FrameGeometry.bin(Float(16 + 21) / 128, bins: 64), 0, FrameGeometry.bin(Float(16 + 11) / 128, bins: 64)])
        // Slots before the episode's start: type 0, bins 0, key 0.
        #expect(samples[0].record.histType == [0, 0, 0, 0] && samples[1].record.histType == [0, 0, 0, 0])
        #expect(samples[2].record.histType == [0, 0, 0, 2])

        let m = result.manifest
        #expect(m.split(.train)?.samples == 7 && m.split(.val)?.samples == 0)
        #expect(m.split(.train)?.byType["wait"] == 2 && m.split(.train)?.byType["double_click"] == 0)
        #expect(m.episodes.map(\.samples) == [7] && m.episodes[0].split == .train)
        #expect(m.keyVocabulary == KeyVocabulary.standard.names && m.actionTypes == ActionType.names)
    }

    @Test("train and validation never share an episode")
    func splitByEpisode() throws {
        let folder = TemporaryFolder()
        for e in 0..<6 {
            try HandBuiltEpisode.write(folder.file("rec/ep\(e)"), frameTimes: HandBuiltEpisode.times(through: 2000),
                                       events: clickEvents(300, 10 + e, 10) + tap(900, "b") + tap(1500, "c"))
        }
        let (result, _) = try buildDataset([folder.file("rec")], into: folder.file("data")) {
            $0.valFraction = 0.34; $0.seed = 11; $0.shardSize = 4
        }
        let train = Set(try readSplit(folder.file("data"), .train).map(\.record.episode))
        let val = Set(try readSplit(folder.file("data"), .val).map(\.record.episode))
        #expect(train.count == 4 && val.count == 2)
        #expect(train.isDisjoint(with: val))
        let m = result.manifest
        for e in m.episodes { #expect((e.split == .val) == val.contains(Int32(e.index))) }
        #expect(m.split(.train)?.episodes == 4 && m.split(.val)?.episodes == 2)
        #expect(m.split(.train)?.shards.map(\.samples) == [4, 4, 4])
        #expect(m.split(.train)?.shards.map(\.file) == ["train-00000.safetensors", "train-00001.safetensors", "train-00002.safetensors"])

        // Rebuilding with the same seed gives the same split.
        let (again, _) = try buildDataset([folder.file("rec")], into: folder.file("data2")) { $0.valFraction = 0.34; $0.seed = 11 }
        #expect(again.manifest.episodes.map(\.split) == m.episodes.map(\.split))
    }

    @Test("a frame stored once and referenced again is decoded once")
    func referencesDecodedOnce() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("ep"), frameTimes: HandBuiltEpisode.times(through: 900), events: tap(150, "a") + tap(250, "b")
                                   + tap(350, "c") + tap(550, "d"), repeats: [1, 2, 3])
        let (result, _) = try buildDataset([folder.file("ep")], into: folder.file("data"))
        let samples = try readSplit(folder.file("data"), .train)
        #expect(samples.map(\.record.frameIndex) == [1, 2, 3, 5])
        #expect(samples.map { HandBuiltEpisode.frameIndex(shown: $0.frame) } == [0, 0, 0, 5])
        #expect(result.framesDecoded == 2)
    }

    @Test("an interrupted episode is used up to its last frame; a complete one to its end")
    func interrupted() throws {
        let folder = TemporaryFolder()
        let events = tap(500, "a") + clickEvents(1500, 3, 3)
        try HandBuiltEpisode.write(folder.file("cut"), frameTimes: HandBuiltEpisode.times(through: 1000), events: events,
                                   interruption: "killed by a test")
        try HandBuiltEpisode.write(folder.file("whole"), frameTimes: HandBuiltEpisode.times(through: 1000), events: events)
        let (cut, _) = try buildDataset([folder.file("cut")], into: folder.file("data-cut"))
        #expect(try readSplit(folder.file("data-cut"), .train).map(\.record.type) == [.key])
        #expect(cut.manifest.skipped.eventsAfterLastFrame == 2)
        #expect(cut.manifest.episodes[0].status == "interrupted")
        let (whole, _) = try buildDataset([folder.file("whole")], into: folder.file("data-whole"))
        #expect(try readSplit(folder.file("data-whole"), .train).map(\.record.type) == [.key, .click])
        #expect(whole.manifest.skipped.eventsAfterLastFrame == 0)
    }

    @Test("an episode still being recorded is left out with a warning")
    func stillRecording() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("rec/done"), frameTimes: [0, 100], events: tap(50, "a"))
        // A writer that has not finished: episode.json says "recording", with this (live) process's pid.
        let writer = try EpisodeWriter(directory: folder.file("rec/live"), metadata: SyntheticEpisode.metadata(id: "live"))
        try writer.addFrame(RGBImage(width: 64, height: 48), t: 0, pointer: (0, 0))
        writer.append(keyDown(50, "b"))
        try writer.flush()
        let (result, warnings) = try buildDataset([folder.file("rec")], into: folder.file("data"))
        try writer.finish()
        #expect(result.manifest.totalSamples == 1)
        #expect(result.manifest.episodes.map(\.status) == ["complete", "recording"])
        #expect(result.manifest.skipped.episodes == 1)
        #expect(warnings == ["\(folder.file("rec/live")): still being recorded (its recorder is running); left out"])
    }

    @Test("a corrupt or missing PNG skips the samples that need it, with a warning and a count")
    func badFrames() throws {
        let folder = TemporaryFolder()
        let dir = try HandBuiltEpisode.write(folder.file("ep"), frameTimes: HandBuiltEpisode.times(through: 1000),
                                             events: tap(250, "a") + tap(550, "b") + tap(750, "c") + tap(760, "d"))
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/frames/000002.png"))
        try FileManager.default.removeItem(atPath: dir + "/frames/000007.png")
        let (result, warnings) = try buildDataset([dir], into: folder.file("data"))
        #expect(try readSplit(folder.file("data"), .train).map(\.record.frameIndex) == [5])
        #expect(result.manifest.skipped.unreadableFrame == 3)
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("frames/000002.png") && $0.contains("1 sample(s) skipped") })
        #expect(warnings.contains { $0.contains("frames/000007.png") && $0.contains("2 sample(s) skipped") })
    }

    @Test("a frame of the wrong size is skipped like a corrupt one")
    func wrongSize() throws {
        let folder = TemporaryFolder()
        let dir = try HandBuiltEpisode.write(folder.file("ep"), frameTimes: [0, 100], events: tap(50, "a") + tap(150, "b"))
        try Data(PNG.encode(RGBImage(width: 10, height: 10))).write(to: URL(fileURLWithPath: dir + "/frames/000001.png"))
        let (result, warnings) = try buildDataset([dir], into: folder.file("data"))
        #expect(result.manifest.totalSamples == 1 && result.manifest.skipped.unreadableFrame == 1)
        #expect(warnings.first?.contains("10x10") == true)
    }

    @Test("positional actions outside the crop region are left out and counted")
    func crop() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("ep"), frameTimes: HandBuiltEpisode.times(through: 1000),
                                   events: clickEvents(200, 40, 30) + clickEvents(600, 5, 5) + tap(800, "a"))
        let (result, _) = try buildDataset([folder.file("ep")], into: folder.file("data")) {
            $0.preprocessing = Preprocessing(size: .init(width: 32, height: 32), crop: Rect(x: 32, y: 16, width: 32, height: 32))
        }
        let samples = try readSplit(folder.file("data"), .train)
        #expect(samples.map(\.record.type) == [.click, .key])
        #expect(samples[0].record.x == 8.5 / 32 && samples[0].record.y == 14.5 / 32)
        #expect(samples[0].frame.width == 32)
        #expect(result.manifest.skipped.outsideCrop == 1)
    }

    @Test("bad input is refused with the path and what is wrong")
    func badInput() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: true)
        #expect(throws: DatasetError.notAnEpisode(path: folder.file("nowhere"))) {
            try buildDataset([folder.file("nowhere")], into: folder.file("data"))
        }
        #expect(throws: DatasetError.noEpisodesFound(path: folder.file("empty"))) {
            try buildDataset([folder.file("empty")], into: folder.file("data"))
        }
        #expect(throws: DatasetError.noInputs) { try buildDataset([], into: folder.file("data")) }

        // A corrupt line in the middle of events.jsonl: an error naming the episode and line, or
        // with --skip-unreadable a warning while the other episodes are built.
        try HandBuiltEpisode.write(folder.file("rec/good"), frameTimes: [0, 100], events: tap(50, "a"))
        let bad = try HandBuiltEpisode.write(folder.file("rec/bad"), frameTimes: [0, 100], events: tap(50, "a") + tap(60, "b"))
        var lines = try String(contentsOfFile: bad + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        lines[1] = "{not json"
        try (lines.joined(separator: "\n") + "\n").write(toFile: bad + "/events.jsonl", atomically: false, encoding: .utf8)
        do {
            _ = try buildDataset([folder.file("rec")], into: folder.file("data"))
            Issue.record("a corrupt episode was accepted")
        } catch let error as DatasetError {
            #expect(error.description.contains("rec/bad") && error.description.contains("events.jsonl:2"))
        }
        let (result, warnings) = try buildDataset([folder.file("rec")], into: folder.file("data")) { $0.skipUnreadable = true }
        #expect(result.manifest.totalSamples == 1 && result.manifest.skipped.episodes == 1)
        #expect(result.manifest.episodes.map(\.status) == ["unreadable", "complete"])
        #expect(warnings.contains { $0.contains("rec/bad") })
    }

    @Test("an episode without samples, or a dataset without any, says so")
    func nothingToLearn() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("ep"), frameTimes: [1000], events: tap(500, "a"))
        #expect(throws: DatasetError.self) { try buildDataset([folder.file("ep")], into: folder.file("data")) }
        try HandBuiltEpisode.write(folder.file("rec/a"), frameTimes: [1000], events: tap(500, "a"))
        try HandBuiltEpisode.write(folder.file("rec/b"), frameTimes: [0], events: tap(500, "a"))
        let (result, _) = try buildDataset([folder.file("rec")], into: folder.file("data"))
        #expect(result.manifest.unpaired.beforeFirstFrame == 1)
        #expect(result.manifest.episodes.map(\.samples) == [0, 1])
        #expect(result.manifest.episodes[0].note != nil && result.manifest.episodes[0].split == nil)
    }

    @Test("an existing dataset is not overwritten unless asked")
    func existingOutput() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("ep"), frameTimes: [0, 100], events: tap(50, "a") + tap(150, "b"))
        _ = try buildDataset([folder.file("ep")], into: folder.file("data")) { $0.shardSize = 1 }
        #expect(FileManager.default.fileExists(atPath: folder.file("data/train-00001.safetensors")))
        #expect(throws: DatasetError.outputExists(path: folder.file("data"))) {
            try buildDataset([folder.file("ep")], into: folder.file("data"))
        }
        _ = try buildDataset([folder.file("ep")], into: folder.file("data")) { $0.overwrite = true }
        // The second build wrote one shard; the first build's second shard is gone.
        #expect(!FileManager.default.fileExists(atPath: folder.file("data/train-00001.safetensors")))
        #expect(try readSplit(folder.file("data"), .train).count == 2)
    }
}
