import Foundation
import NN
import Policy
import Testing

@Suite("training: AdamW steps, determinism")
struct TrainingTests {
    /// Ten steps of AdamW (lr 3e-3, clipping at 1) on one fixed batch; returns the losses and final weights.
    static func train(seed: UInt64) throws -> (losses: [Double], weights: [Float]) {
        let (config, vocabulary) = tinyConfig(initStd: 0.02)
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: seed)
        let batch = tinyBatch(config, size: 8)
        let optimizer = AdamW(layout: model.parameters.layout, learningRate: 3e-3)
        var losses: [Double] = []
        for _ in 0..<10 {
            losses.append(try model.lossAndGradients(batch).total)
            GradientClipping.clipGlobalNorm(model.gradients, maxNorm: 1)
            optimizer.update(parameters: model.parameters, gradients: model.gradients)
        }
        losses.append(try model.loss(batch).total)
        return (losses, model.parameters.flat.values)
    }

    @Test("ten AdamW steps on a fixed batch reduce the loss")
    func lossFalls() throws {
        let (losses, _) = try Self.train(seed: 1)
        #expect(losses.last! < losses.first! * 0.8, "losses: \(losses)")
        #expect(losses.allSatisfy { $0.isFinite })
    }

    @Test("the same seed (and thread count) gives bit-identical runs; another seed does not")
    func deterministic() throws {
        try NNRuntime.withThreadCount(2) {
            let a = try Self.train(seed: 1), b = try Self.train(seed: 1), c = try Self.train(seed: 2)
            #expect(a.losses == b.losses)
            #expect(a.weights == b.weights)
            #expect(a.weights != c.weights)
        }
    }

    @Test("one thread and three threads compute the same gradients (to float rounding)")
    func threadCounts() throws {
        let (config, vocabulary) = tinyConfig()
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 4)
        // Large enough that GEMMs and the other ops split into several pieces.
        let batch = tinyBatch(config, size: 40)
        let runs = try [1, 3].map { threads in
            try NNRuntime.withThreadCount(threads) { () throws -> (Double, [Float]) in
                let loss = try model.lossAndGradients(batch)
                return (loss.total, model.gradients.flat.values)
            }
        }
        #expect(abs(runs[0].0 - runs[1].0) <= 1e-6 * runs[0].0)
        checkTensor("gradients", runs[1].1, runs[0].1, tolerance: 1e-5, floor: 1e-2)
    }

    @Test("gradients accumulate over calls when asked to")
    func accumulate() throws {
        let (config, vocabulary) = tinyConfig()
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 4)
        let batch = tinyBatch(config)
        try model.lossAndGradients(batch)
        let once = model.gradients.flat.values
        try model.lossAndGradients(batch, accumulate: true)
        let twice = model.gradients.flat.values
        #expect(zip(once, twice).allSatisfy { abs(2 * $0 - $1) <= 1e-6 * max(1, abs($1)) })
    }
}
