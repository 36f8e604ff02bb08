import Dataset
import Foundation
import Policy
import Testing
@testable import Training

@Suite("model presets in the trainer")
struct PresetTests {
    static let shape = DatasetShape(path: "data/x", imageWidth: 128, imageHeight: 128, history: 4, bins: 64,
                                    vocabulary: KeyVocabulary.standard.names, actionTypes: ActionType.allCases.map(\.name))

    @Test("no preset is the default config; --preset demo gives PolicyConfig.demo on the dataset's sizes; flags override it")
    func demoPreset() throws {
        let (plain, _) = try ModelOverrides().config(for: Self.shape)
        #expect(plain == PolicyConfig())
        var o = ModelOverrides()
        o.preset = .demo
        let (demo, _) = try o.config(for: Self.shape)
        #expect(demo == PolicyConfig.demo && demo.stemChannels == [16, 32, 64, 128] && demo.stemPool && demo.patchCount == 64 && demo.colorCells == 4 && demo.patchQuery == 64
                && demo.mlpWidth == 256)
        o.layers = 2
        o.stemPool = false
        let (changed, keys) = try o.config(for: Self.shape)
        #expect(changed.layers == 2 && !changed.stemPool && changed.stemChannels == PolicyConfig.demo.stemChannels)
        // Resuming that model with the same flags is fine; with a different stem it is a conflict.
        #expect(o.conflicts(with: changed, keys: keys).isEmpty)
        o.stemChannels = [8]
        #expect(o.conflicts(with: changed, keys: keys).contains { $0.hasPrefix("--stem 8") })
        #expect(ModelOverrides().conflicts(with: changed, keys: keys).isEmpty)
    }

    @Test("the demo recipe: lr 4e-3, warm-up 100, batch 32, valid")
    func demoRecipe() throws {
        let o = TrainingOptions.demo()
        #expect(o.learningRate == 4e-3 && o.warmupSteps == 100 && o.batchSize == 32 && o.steps == 3000)
        try o.validate()
        // Bounded by time alone (mimic demo, mimic train --time), the schedule's length comes from the speed.
        var timed = o
        timed.limitToTime(720)
        #expect(timed.timeLimit == 720 && timed.steps == nil && timed.epochs == nil && timed.plannedSteps(trainSamples: 4000) == nil)
        try timed.validate()
    }
}
