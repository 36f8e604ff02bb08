import Dataset
import Foundation
import Testing
import TestSupport

/// `mimic dataset info --verify` as a library call: a built dataset matches its manifest; a manifest
/// that says otherwise is refused, naming the shard or folder and both figures.
@Suite("Dataset verification")
struct DatasetVerificationTests {
    @Test("a built dataset verifies; a wrong shard count, image size or per-type count is named")
    func mismatches() throws {
        let folder = TemporaryFolder()
        let recordings = try DatasetCommandTests.recordings(folder)
        let data = folder.file("data")
        _ = try DatasetBuilder(options: BuildOptions()).build(inputs: [recordings], output: data)
        let manifest = try DatasetManifest.read(folder: data)
        try manifest.verifyShards(folder: data)

        let shardPath = data + "/" + manifest.splits[0].shards[0].file
        let held = manifest.splits[0].shards[0].samples
        var wrongCount = manifest
        wrongCount.splits[0].shards[0].samples += 1
        #expect(throws: DatasetError.manifestMismatch(path: shardPath, detail: "holds \(held) samples, dataset.json says \(held + 1)")) {
            try wrongCount.verifyShards(folder: data)
        }

        var wrongHistory = manifest
        wrongHistory.history += 1
        #expect(throws: DatasetError.self) { try wrongHistory.verifyShards(folder: data) }
        do { try wrongHistory.verifyShards(folder: data) } catch {
            #expect(error.description.hasPrefix(shardPath + ": images "), "\(error)")
        }

        var wrongTypes = manifest
        let type = wrongTypes.splits[0].byType.keys.sorted()[0]
        wrongTypes.splits[0].byType[type]! += 1
        do { try wrongTypes.verifyShards(folder: data) } catch {
            #expect(error.description.hasPrefix(data + ": split \(manifest.splits[0].split.rawValue) holds "), "\(error)")
        }
        #expect(throws: DatasetError.self) { try wrongTypes.verifyShards(folder: data) }
    }
}
