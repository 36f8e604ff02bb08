import Dataset
import Foundation
import NN
import Policy
import Testing
import TestSupport
@testable import Training

@Suite("training parts: schedule, data order, augmentation, validation")
struct PartsTests {
    @Test("the learning rate warms up linearly, then follows a cosine from the peak to the floor")
    func schedule() {
        let s = LearningRateSchedule(peak: 1e-3, floor: 1e-4, warmup: 10, total: 110)
        func near(_ u: Int, _ expected: Double) -> Bool { abs(Double(s.rate(at: u)) - expected) <= 1e-6 * expected }
        #expect(near(1, 1e-4) && near(5, 5e-4) && near(10, 1e-3))
        #expect(near(60, 5.5e-4))   // half way down the cosine: the mean of peak and floor
        #expect(near(110, 1e-4) && near(500, 1e-4))
        #expect((11...110).allSatisfy { s.rate(at: $0) <= s.rate(at: $0 - 1) })
        #expect(LearningRateSchedule(peak: 1e-3, floor: 0, warmup: 0, total: nil).rate(at: 7) == 1e-3)
    }

    @Test("each epoch is a seeded permutation of every sample; updates take consecutive runs of it")
    func dataOrder() {
        var order = DataOrder(samples: 10, batchSize: 4, seed: 5)
        let stream = (1...5).flatMap { order.indices(update: $0) }   // 20 positions: two epochs
        #expect(Set(stream[0..<10]) == Set(0..<10) && Set(stream[10..<20]) == Set(0..<10))
        #expect(Array(stream[0..<10]) != Array(stream[10..<20]))
        var again = DataOrder(samples: 10, batchSize: 4, seed: 5)
        #expect(again.indices(update: 3) == Array(stream[8..<12]))
        var other = DataOrder(samples: 10, batchSize: 4, seed: 6)
        #expect((1...5).flatMap { other.indices(update: $0) } != stream)
        #expect(order.epoch(after: 5) == 2)
    }

    @Test("a shifted frame still shows, at the shifted target, what the original showed at the target")
    func augmentationMovesTheTarget() throws {
        let folder = TemporaryFolder("mimic-augment")
        let dataset = try syntheticDataset(in: folder, episodes: 2, scenes: 40, valFraction: 0)
        var data = try TrainingData.open(dataset)
        let (config, keys) = try tinyModel().config(for: data.shape)
        try data.load(config: config, vocabulary: keys)
        let store = try #require(data.train)
        let indices = Array(0..<store.count)
        let plain = BatchAssembler(store: store, config: config, maxShift: 0, seed: 9).batch(indices, update: 1)
        let shifting = BatchAssembler(store: store, config: config, maxShift: 3, seed: 9)
        let shifted = shifting.batch(indices, update: 1)
        #expect(shifting.batch(indices, update: 1).frames == shifted.frames, "the same update gives the same batch")
        #expect(shifting.batch(indices, update: 2).frames != shifted.frames)
        #expect(plain.frames == store.frames && plain.historyX == store.histX)
        let w = config.imageWidth, h = config.imageHeight, bytes = w * h * 3
        var moved = 0, checked = 0
        for j in indices {
            let t = plain.targets!, s = shifted.targets!
            #expect(s.type[j] == t.type[j] && s.key[j] == t.key[j])
            #expect(s.x[j] >= 0 && s.x[j] < 1 && s.y[j] >= 0 && s.y[j] < 1)
            guard ActionType(rawValue: t.type[j])!.hasPosition else { continue }
            let (px, py) = (ShiftAugmentation.pixel(t.x[j], w), ShiftAugmentation.pixel(t.y[j], h))
            let (qx, qy) = (ShiftAugmentation.pixel(s.x[j], w), ShiftAugmentation.pixel(s.y[j], h))
            #expect(abs(qx - px) <= 3 && abs(qy - py) <= 3)
            if (qx, qy) != (px, py) { moved += 1 }
            for c in 0..<3 {
                #expect(shifted.frames[j * bytes + (qy * w + qx) * 3 + c] == plain.frames[j * bytes + (py * w + px) * 3 + c])
            }
            // The whole picture moved by the same amount: compare a pixel away from the edges.
            let (dx, dy) = (qx - px, qy - py)
            let (ox, oy) = (w / 2, h / 2)
            #expect(shifted.frames[j * bytes + (oy * w + ox) * 3] == plain.frames[j * bytes + ((oy - dy) * w + ox - dx) * 3])
            checked += 1
        }
        #expect(checked > 20 && moved > checked / 2, "\(moved) of \(checked) targets moved")
        // History positions move with the frame, to bin precision (4 model pixels per bin here).
        for slot in 0..<(store.count * store.history) where plain.historyType[slot] != 0 && plain.historyType[slot] != 9 {
            #expect(abs(shifted.historyX[slot] - plain.historyX[slot]) <= 1)
        }
    }

    @Test("validation's losses per head are the model's own loss on the same batch")
    func validationAgreesWithTheModel() throws {
        let folder = TemporaryFolder("mimic-validate")
        let dataset = try syntheticDataset(in: folder, episodes: 4, scenes: 32, valFraction: 0.5)
        var data = try TrainingData.open(dataset)
        let (config, keys) = try tinyModel().config(for: data.shape)
        try data.load(config: config, vocabulary: keys)
        let store = try #require(data.val)
        let model = try PolicyModel(config: config, vocabulary: keys, seed: 2)
        // A task for every episode but the first: its samples are in no task's group.
        let episodes = Set((0..<store.count).map { Int(store.episode[$0]) })
        let named = episodes.sorted().dropFirst()
        #expect(!named.isEmpty, "the validation split holds two episodes or more")
        let tasks = Dictionary(uniqueKeysWithValues: named.map { ($0, "task-\($0)") })
        let validator = Validator(store: store, config: config, geometries: data.geometries(), tasks: tasks, batchSize: store.count, limit: 0)
        let record = try #require(try validator.run(model: model, step: 0, epoch: 0, shouldStop: { false }))
        let loss = try model.loss(validator.assembler.batch(Array(0..<store.count)))
        let o = record.overall
        func close(_ a: Double?, _ b: Double) -> Bool { abs((a ?? .nan) - b) <= 1e-5 * max(1, abs(b)) }
        #expect(o.samples == store.count)
        #expect(close(o.lossType, loss.type) && close(o.lossPatch, loss.patch) && close(o.lossOffset, loss.offset))
        #expect(close(o.lossKey, loss.key) && close(o.lossMods, loss.modifiers) && close(o.loss, loss.total), "\(o) vs \(loss)")
        // Per type: the groups add up.
        #expect(record.byType.values.reduce(0) { $0 + $1.samples } == store.count)
        // Per task: each episode's samples under its task's name, the unnamed episode's under none.
        #expect(Set(record.byTask.map { Array($0.keys) } ?? []) == Set(tasks.values))
        for (episode, name) in tasks {
            #expect(record.byTask?[name]?.samples == (0..<store.count).filter { Int(store.episode[$0]) == episode }.count)
        }
        let untasked = Validator(store: store, config: config, geometries: data.geometries(), batchSize: store.count, limit: 0)
        #expect(try untasked.run(model: model, step: 0, epoch: 0, shouldStop: { false })?.byTask == nil)
        // Screen pixels: 64x64 screens shown at 32x32, so errors come in steps of about 2 screen pixels.
        #expect(o.pointerErrorPx != nil)
    }

    @Test("model flags that contradict the dataset, and options that contradict a run, are named")
    func conflicts() throws {
        let shape = DatasetShape(path: "data/x", imageWidth: 32, imageHeight: 32, history: 2, bins: 8,
                                 vocabulary: KeyVocabulary.standard.names, actionTypes: Dataset.ActionType.names)
        var overrides = ModelOverrides()
        let (config, keys) = try overrides.config(for: shape)
        #expect(config.imageWidth == 32 && config.historyLength == 2 && config.positionBins == 8 && config.keyCount == 77)
        #expect(keys.names == KeyVocabulary.standard.names)
        overrides.imageWidth = 64
        overrides.imageHeight = 64
        #expect(trainingError { _ = try overrides.config(for: shape) }?.description.contains("--image 64x64 does not match the dataset data/x") == true)
        var other = ModelOverrides()
        other.layers = 3
        other.vocabulary = ["none", "a"]
        #expect(other.conflicts(with: config, keys: keys) == ["--layers 3 (the model has 4)", "--vocabulary with 2 keys (the model has its own 77)"])
        var a = TrainingOptions(), b = TrainingOptions()
        b.learningRate = 1e-3
        b.steps = 10
        #expect(b.differences(from: a) == ["--steps 10 (the run has none)", "--lr 0.001 (the run has 0.0003)"])
        a.steps = 5
        a.epochs = 2
        #expect(trainingError { try a.validate() } == .invalidOption(flag: "--steps/--epochs", reason: "give one of them, not both"))
    }
}
