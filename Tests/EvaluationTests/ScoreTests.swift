import Dataset
@testable import Evaluation
import Foundation
import NN
import Testing
import TestSupport
import Training

@Suite("mimic score")
struct ScoreTests {
    /// A tiny model trained a few steps on synthetic recordings (squares to click, bands that name a key),
    /// validated at its end on every val sample.
    static func trainedRun(in folder: TemporaryFolder) throws -> (dataset: String, run: String) {
        var o = SyntheticRecordings.Options()
        o.episodes = 6
        o.scenes = 24
        o.squareSize = 8
        let dataset = try SyntheticRecordings.buildDataset(in: folder.path, options: o, size: ImageSize(width: 32, height: 32),
                                                           valFraction: 0.34, history: 2, bins: 8)
        var model = ModelOverrides()
        model.patchSize = 8; model.width = 32; model.heads = 2; model.layers = 1; model.mlpWidth = 32
        var options = TrainingOptions()
        options.steps = 6
        options.batchSize = 16
        options.warmupSteps = 2
        options.validateEvery = 0
        options.checkpointEvery = 0
        options.validationSamples = 0
        options.seed = 3
        let run = folder.file("run")
        try NNRuntime.withThreadCount(2) {
            let training = try TrainingRun.start(dataset: dataset, folder: run, options: options, model: model)
            _ = try training.run()
        }
        return (dataset, run)
    }

    @Test("a model on a dataset split: the same figures as the trainer's last validation")
    func datasetScore() throws {
        let folder = TemporaryFolder("mimic-score-data")
        let (dataset, run) = try ScoreTests.trainedRun(in: folder)
        let validation = try #require(try MetricsLog.read(path: run + "/" + RunLayout.metrics).compactMap { record -> ValidationRecord? in
            if case .validation(let v) = record { return v }
            return nil
        }.last)
        #expect(validation.overall.samples > 0)
        #expect(validation.overall.pointerErrorPx != nil && validation.overall.keyAccuracy != nil)

        let result = try mimic(["score", "--model", run + "/" + RunLayout.last, dataset, "--batch", "16", "--threads", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let score = try JSONDecoder().decode(DatasetScoreReport.self, from: Data(result.stdout.utf8))
        #expect(score.split == "val")
        #expect(score.overall == validation.overall)
        #expect(score.byType == validation.byType)

        let text = try mimic(["score", "--model", run + "/" + RunLayout.last, dataset, "--split", "train"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("(train, ") && text.stdout.contains("type ") && text.stdout.contains("pointer error")
                && text.stdout.contains("key "))
    }

    @Test("an episode against itself: step ratio 1, every action matched, no pointer error")
    func episodeAgainstItself() throws {
        let folder = TemporaryFolder("mimic-score-episode")
        var o = SyntheticRecordings.Options()
        o.episodes = 1
        o.scenes = 12
        let episode = try SyntheticRecordings.write(into: folder.file("recordings"), options: o)[0]
        let result = try mimic(["score", episode, "--reference", episode, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let score = try JSONDecoder().decode(EpisodeScoreReport.self, from: Data(result.stdout.utf8))
        let a = score.alignment
        // One click, right click or key per scene (ctrl+a is one key with a modifier).
        #expect(a.referenceActions == 12 && a.agentActions == 12)
        #expect(a.stepRatio == 1 && a.matched == a.referenceActions)
        #expect(!a.pointerErrors.isEmpty && a.pointerErrors.allSatisfy { $0 == 0 })
        let text = try mimic(["score", episode, "--reference", episode])
        #expect(text.stdout.contains("step ratio 1.00") && text.stdout.contains("matched       12 of 12"))
    }

    @Test("bad input is refused with the path at fault and a non-zero exit", arguments: [
        ["score", "EPISODE", "--reference", "FOLDER/nowhere"],
        ["score", "FOLDER/plain", "--reference", "EPISODE"],
        ["score", "--model", "FOLDER/missing.safetensors", "FOLDER/plain"],
        ["score", "--model", "FOLDER/m.safetensors", "FOLDER/plain"],
    ])
    func refusals(arguments: [String]) throws {
        let folder = TemporaryFolder("mimic-score-bad")
        var o = SyntheticRecordings.Options()
        o.episodes = 1
        o.scenes = 2
        let episode = try SyntheticRecordings.write(into: folder.file("recordings"), options: o)[0]
        try FileManager.default.createDirectory(atPath: folder.file("plain"), withIntermediateDirectories: true)
        try writeTinyModel(to: folder.file("m.safetensors"))
        let args = arguments.map { $0 == "EPISODE" ? episode : $0.replacingOccurrences(of: "FOLDER", with: folder.path) }
        let result = try mimic(args)
        #expect(result.status != 0)
        let culprit = args.first { $0.hasPrefix(folder.path) && $0 != episode && !$0.hasSuffix("m.safetensors") }!
        #expect(result.stderr.contains(culprit), "\(result.stderr)")
    }
}
