import SafeTensors
import Dataset
import Foundation
import Imaging
import NN
import Testing
import TestSupport
@testable import Training

/// What `mimic train` refuses, and that a refusal writes nothing.
@Suite("refusals: bad datasets, mismatched shards, occupied run folders, non-finite losses")
struct RefusalTests {
    @Test("a dataset without training samples is refused before anything is written")
    func emptyDataset() throws {
        let folder = TemporaryFolder("mimic-empty")
        let dataset = try syntheticDataset(in: folder, episodes: 2, scenes: 8, valFraction: 0.5)
        // Keep only the validation split in the manifest.
        var manifest = try DatasetManifest.read(folder: dataset)
        let train = manifest.splits.firstIndex { $0.split == .train }!
        manifest.splits[train].samples = 0
        manifest.splits[train].shards = []
        try manifest.write(toFolder: dataset)
        let error = trainingError { _ = try TrainingRun.start(dataset: dataset, folder: folder.file("run"), options: testOptions(steps: 2), model: tinyModel()) }
        #expect(error?.description.contains("nothing to train on: dataset.json lists no training samples") == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: folder.file("run")))
        // And a folder that is not a dataset at all.
        let none = trainingError { _ = try TrainingRun.start(dataset: folder.path, folder: folder.file("run"), options: testOptions(steps: 2), model: tinyModel()) }
        #expect(none?.description.contains("not a dataset (no dataset.json)") == true)
    }

    @Test("shards whose image size or key vocabulary differ from the model are refused, naming the shard; the run is untouched")
    func mismatchedShards() throws {
        let folder = TemporaryFolder("mimic-mismatch")
        let dataset = try syntheticDataset(in: folder, episodes: 2, scenes: 16, valFraction: 0)
        let run = folder.file("run")
        try withTestThreads {
            _ = try TrainingRun.start(dataset: dataset, folder: run, options: testOptions(steps: 2), model: tinyModel()).run()
        }
        let before = snapshot(run)

        // A model flag that contradicts the dataset (new run).
        var wide = tinyModel()
        wide.imageWidth = 64
        wide.imageHeight = 64
        let flag = trainingError { _ = try TrainingRun.start(dataset: dataset, folder: folder.file("other"), options: testOptions(steps: 2), model: wide) }
        #expect(flag?.description.contains("--image 64x64 does not match the dataset") == true, "\(String(describing: flag))")
        #expect(!FileManager.default.fileExists(atPath: folder.file("other")))

        // Resuming on shards of another image size (a copy of the dataset whose shards are 16x16).
        let small = folder.file("small")
        try FileManager.default.copyItem(atPath: dataset, toPath: small)
        let shardPath = small + "/train-00000.safetensors"
        var shard = try Shard.read(path: shardPath)
        var resized = Shard(imageWidth: 16, imageHeight: 16, history: shard.history)
        resized.metadata = shard.metadata
        for i in 0..<shard.count { resized.append(shard.records[i], frame: shard.frame(i).resized(width: 16, height: 16)) }
        try resized.write(to: shardPath)
        let size = trainingError { _ = try TrainingRun.resume(folder: run, dataset: small, options: testOptions(steps: 2), model: ModelOverrides()) }
        #expect(size?.description.contains("\(shardPath): the image size is 16x16 but the model needs 32x32") == true, "\(String(describing: size))")

        // Resuming on shards with another key vocabulary.
        shard = try Shard.read(path: dataset + "/train-00000.safetensors")
        var names = KeyVocabulary.standard.names
        names.swapAt(1, 2)
        shard.metadata[ShardLayout.Metadata.keyVocabulary] = String(decoding: try JSONEncoder().encode(names), as: UTF8.self)
        try shard.write(to: shardPath)
        let vocabulary = trainingError { _ = try TrainingRun.resume(folder: run, dataset: small, options: testOptions(steps: 2), model: ModelOverrides()) }
        #expect(vocabulary?.description.contains("the key vocabulary is 77 keys (entry 1: \"b\" where the model has \"a\")") == true,
                "\(String(describing: vocabulary))")
        #expect(snapshot(run) == before)
    }

    @Test("a folder holding a run is not overwritten; --resume with other settings or another dataset is refused")
    func occupiedFolder() throws {
        let folder = TemporaryFolder("mimic-occupied")
        let dataset = try syntheticDataset(in: folder, episodes: 2, scenes: 16, valFraction: 0)
        let otherFolder = TemporaryFolder("mimic-occupied-other")
        let other = try syntheticDataset(in: otherFolder, episodes: 3, scenes: 16, valFraction: 0)
        let run = folder.file("run")
        try withTestThreads {
            _ = try TrainingRun.start(dataset: dataset, folder: run, options: testOptions(steps: 3), model: tinyModel()).run()
        }
        let before = snapshot(run)
        let again = trainingError { _ = try TrainingRun.start(dataset: dataset, folder: run, options: testOptions(steps: 3), model: tinyModel()) }
        #expect(again?.description.contains("\(run): already holds a training run (step 3, trained on \(dataset)); continue it with --resume") == true,
                "\(String(describing: again))")
        var faster = testOptions(steps: 3)
        faster.learningRate = 0.01
        var bigger = ModelOverrides()
        bigger.layers = 6
        let conflict = trainingError { _ = try TrainingRun.resume(folder: run, options: faster, model: bigger) }
        #expect(conflict?.description.contains("--lr 0.01 (the run has 0.002); --layers 6 (the model has 1)") == true, "\(String(describing: conflict))")
        let otherData = trainingError { _ = try TrainingRun.resume(folder: run, dataset: other, options: testOptions(steps: 3), model: ModelOverrides()) }
        #expect(otherData?.description.contains("has 48 training samples in 1 shard(s) (the run was trained on 32 in 1") == true,
                "\(String(describing: otherData))")
        let nothing = trainingError { _ = try TrainingRun.resume(folder: folder.file("none"), options: testOptions(steps: 3), model: ModelOverrides()) }
        #expect(nothing?.description.contains("nothing to resume: no config.json") == true)
        #expect(snapshot(run) == before)
    }

    @Test("a loss that becomes infinite or NaN stops the run and keeps the last good checkpoint")
    func nonFiniteLoss() throws {
        let folder = TemporaryFolder("mimic-nan")
        let dataset = try syntheticDataset(in: folder, episodes: 2, scenes: 16, valFraction: 0)
        var options = testOptions(steps: 20, lr: 1e30, warmup: 0)
        options.checkpointEvery = 1
        options.clipNorm = 0
        let run = folder.file("run")
        let error = try withTestThreads { () throws -> TrainingError? in
            let training = try TrainingRun.start(dataset: dataset, folder: run, options: options, model: tinyModel())
            return trainingError { _ = try training.run() }
        }
        guard case .nonFiniteLoss(let step, _, let kept, _) = error else {
            Issue.record("expected a non-finite loss, got \(String(describing: error))")
            return
        }
        #expect(step >= 2 && kept == step - 1)
        #expect(error!.description.contains("\(run)/last.safetensors keeps step \(step - 1), the last good checkpoint"))
        let last = try SafeTensorsFile.read(path: run + "/" + RunLayout.last)
        #expect(last.metadata["step"] == String(step - 1))
        let events = try MetricsLog.read(path: run + "/" + RunLayout.metrics).compactMap { r -> String? in
            if case .event(let e) = r { e.event } else { nil }
        }
        #expect(events.last == "non_finite_loss")
        #expect(FileManager.default.fileExists(atPath: run + "/" + RunLayout.report))
    }
}
