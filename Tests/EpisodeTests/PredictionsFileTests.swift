import Episode
import Foundation
import Testing
import TestSupport

@Suite("predictions.jsonl: a model's pointer distributions beside the episode")
struct PredictionsFileTests {
    static func prediction(t: Double, frame: Int? = nil, probabilities: [Float]) -> PointerPrediction {
        PointerPrediction(t: t, frame: frame, columns: 2, rows: 2, region: .init(x: 10, y: -4, width: 300, height: 200),
                          probabilities: probabilities)
    }

    @Test("written line by line, read back with probabilities rounded to 4 decimals; episode readers ignore the file")
    func roundTrip() throws {
        let folder = TemporaryFolder("mimic-predictions")
        let dir = folder.file("episode")
        var metadata = SyntheticEpisode.metadata()
        metadata.monotonicStartNs = 5_000_000_000
        let writer = try EpisodeWriter(directory: dir, metadata: metadata)
        try writer.addFrame(SyntheticEpisode.frame(0), t: 0, pointer: (0, 0))
        #expect(writer.episodeTime(atNanoseconds: 5_012_500_000) == 12.5)
        // Nothing written yet: no file, and reading gives none.
        #expect(!FileManager.default.fileExists(atPath: dir + "/" + EpisodeLayout.predictionsFile))
        #expect(try EpisodeReader.readPredictions(dir).predictions.isEmpty)

        let first = PredictionsFileTests.prediction(t: 12.5, probabilities: [0.123456, 0.5, 0.376544, 0])
        let second = PredictionsFileTests.prediction(t: 80, frame: 0, probabilities: [0.25, 0.25, 0.25, 0.25])
        try writer.appendPrediction(first)
        // Each line is on disk as soon as it is appended (no buffering): readable mid-recording.
        #expect(try EpisodeReader.readPredictions(dir).predictions.count == 1)
        try writer.appendPrediction(second)
        try writer.finish()
        #expect(throws: EpisodeError.finished(path: dir)) { try writer.appendPrediction(second) }

        let text = try String(contentsOfFile: dir + "/" + EpisodeLayout.predictionsFile, encoding: .utf8)
        #expect(text == """
            {"t":12.500,"columns":2,"rows":2,"region":[10,-4,300,200],"p":[0.1235,0.5,0.3765,0]}
            {"t":80.000,"frame":0,"columns":2,"rows":2,"region":[10,-4,300,200],"p":[0.25,0.25,0.25,0.25]}

            """)
        let read = try EpisodeReader.readPredictions(dir)
        #expect(read.notes.isEmpty)
        #expect(read.predictions == [PredictionsFileTests.prediction(t: 12.5, probabilities: [0.1235, 0.5, 0.3765, 0]), second])
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + EpisodeLayout.predictionsFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // The episode itself reads as before.
        let episode = try EpisodeReader.open(dir)
        #expect(episode.status == .complete && episode.frames.count == 1 && episode.notes.isEmpty)
    }

    @Test("a truncated last line is skipped with a note; a bad line before it is an error naming file and line")
    func badLines() throws {
        let folder = TemporaryFolder("mimic-predictions")
        let dir = try makeEpisode(in: folder)
        let path = dir + "/" + EpisodeLayout.predictionsFile
        let good = String(decoding: PredictionsFileTests.prediction(t: 1, probabilities: [1, 0, 0, 0]).jsonLine(), as: UTF8.self)
        try (good + good + "{\"t\":3,\"colu").write(toFile: path, atomically: false, encoding: .utf8)
        let read = try EpisodeReader.readPredictions(dir)
        #expect(read.predictions.count == 2)
        #expect(read.notes == ["\(path):3: truncated last line skipped (the writer stopped mid-line)"])

        let wrongCount = "{\"t\":2,\"columns\":2,\"rows\":2,\"region\":[0,0,10,10],\"p\":[0.5,0.5]}\n"
        try (good + wrongCount + good).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: EpisodeError.corruptLine(path: path, line: 2,
                                                 reason: "\"p\" must hold columns × rows = 4 probabilities, has 2")) {
            try EpisodeReader.readPredictions(dir)
        }
        do {
            _ = try EpisodeReader.readPredictions(dir)
        } catch {
            #expect(error.description.hasPrefix(path + ":2: corrupt line"))
        }
    }
}
