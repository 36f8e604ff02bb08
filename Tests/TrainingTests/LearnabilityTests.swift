import Foundation
import Testing
import TestSupport
@testable import Training

/// Proof that training learns: synthetic recordings in which the right action can be read off the frame
/// (a red square to click, a blue one to right-click, a coloured band that names a key; see
/// SyntheticRecordings), a tiny model, a bounded number of steps. Chance levels on this data: type 50%
/// (always answering "click"), pointer in patch 1/16 (16 patches), key 20% (5 keys).
@Suite("training learns")
struct LearnabilityTests {
    /// Thresholds, well above chance (0.5, 0.0625, 0.2). Measured at 300 steps, learning rate 3e-3, over dataset
    /// seeds 1–7: type 0.88–1.0, pointer in patch 0.86–0.94, key 0.82–1.0, median error 2.2–3.2 screen pixels.
    /// 150 steps at 1e-2, the earlier setting, did not hold: type 0.45–0.97 over seeds 1–5 (0.83–0.97 over seeds
    /// 1–4 with the splits of the earlier generator).
    static let minimumTypeAccuracy = 0.85
    static let minimumPointerInPatch = 0.80
    static let minimumKeyAccuracy = 0.60
    static let maximumPointerError = 8.0

    @Test("on frames that show the action, validation type and pointer accuracy rise far above chance")
    func learnsFromTheFrame() throws {
        let folder = TemporaryFolder("mimic-learn")
        let dataset = try syntheticDataset(in: folder)
        var options = testOptions(steps: 300, lr: 3e-3, warmup: 20)
        options.validateEvery = 150
        options.checkpointEvery = 0
        options.logEvery = 10
        let run = try withTestThreads { () throws -> TrainingRun in
            let run = try TrainingRun.start(dataset: dataset, folder: folder.file("run"), options: options, model: tinyModel())
            #expect(try run.run() == .finished(step: 300))
            return run
        }
        let validations = run.metrics.validationRecords
        #expect(validations.map(\.step) == [150, 300])
        let first = try #require(validations.first).overall, last = try #require(validations.last).overall
        let summary = validations.map {
            String(format: "step %d: type %.3f, pointer in patch %.3f, key %.3f, error %.1f px, loss %.3f", $0.step, $0.overall.typeAccuracy,
                   $0.overall.pointerInPatch ?? -1, $0.overall.keyAccuracy ?? -1, $0.overall.pointerErrorPx ?? -1, $0.overall.loss)
        }.joined(separator: "; ")
        print("learnability: \(summary)")
        #expect(last.samples == run.validationSamples && last.samples >= 150)
        #expect(last.typeAccuracy >= Self.minimumTypeAccuracy, "\(summary)")
        #expect(try #require(last.pointerInPatch) >= Self.minimumPointerInPatch, "\(summary)")
        #expect(try #require(last.keyAccuracy) >= Self.minimumKeyAccuracy, "\(summary)")
        // Pointer error in screen pixels: the 64x64 screens are shown at 32x32, 2 screen pixels per model pixel.
        #expect(try #require(last.pointerErrorPx) <= Self.maximumPointerError, "\(summary)")
        #expect(last.loss < first.loss, "\(summary)")
        // Per type: the click and key groups are there with their own figures.
        #expect(Set(validations.last!.byType.keys) == ["click", "right_click", "key"])
        #expect(validations.last!.byType["key"]?.pointerInPatch == nil && validations.last!.byType["click"]?.keyAccuracy == nil)
        // The files of a finished run.
        for name in RunLayout.all { #expect(FileManager.default.fileExists(atPath: folder.file("run/" + name)), "\(name)") }
    }
}
