import Dataset
import Foundation
import Policy

/// Runs the model over the held-out samples (a fixed subset) and measures what docs/training.md lists:
/// loss per head, type accuracy, whole-action accuracy, pointer-in-patch accuracy and the median pointer
/// error in screen pixels, key and modifier accuracy, overall, per action type and per task (for episodes
/// of the built-in tasks). Frames are not shifted.
struct Validator {
    let store: SampleStore
    /// The samples validated, the same at every validation.
    let subset: [Int]
    let assembler: BatchAssembler
    let geometries: [Int: FrameGeometry]
    /// Task name by episode index, for the episodes that record one.
    let tasks: [Int: String]
    let batchSize: Int

    init(store: SampleStore, config: PolicyConfig, geometries: [Int: FrameGeometry], tasks: [Int: String] = [:], batchSize: Int, limit: Int) {
        self.store = store
        let n = limit > 0 ? min(limit, store.count) : store.count
        subset = (0..<n).map { $0 * store.count / n }
        assembler = BatchAssembler(store: store, config: config, maxShift: 0, seed: 0)
        self.geometries = geometries
        self.tasks = tasks
        self.batchSize = batchSize
    }

    /// What one sample gave.
    struct Outcome {
        var type: Int
        var task: String?
        var typeRight: Bool
        var lossType: Double
        var lossPatch: Double?, lossOffset: Double?, inPatch: Bool?, errorPx: Double?
        var lossKey: Double?, lossMods: Double?, keyRight: Bool?, modsRight: Bool?
        var actionRight: Bool {
            typeRight && (inPatch ?? true) && (keyRight ?? true) && (modsRight ?? true)
        }
    }

    /// The metrics after `step` updates; nil when `shouldStop` said so before the end.
    func run(model: PolicyModel, step: Int, epoch: Double, shouldStop: () -> Bool) throws(TrainingError) -> ValidationRecord? {
        let started = DispatchTime.now().uptimeNanoseconds
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(subset.count)
        for start in stride(from: 0, to: subset.count, by: batchSize) {
            if shouldStop() { return nil }
            let real = Array(subset[start..<min(subset.count, start + batchSize)])
            // The last batch is padded to the full size (the model keeps a workspace per batch size).
            let indices = real + [Int](repeating: real[0], count: batchSize - real.count)
            let batch = assembler.batch(indices)
            let logits: PolicyLogits
            do { logits = try model.forward(batch, allOffsets: true) } catch { throw .model(error) }
            for j in real.indices {
                outcomes.append(evaluate(j, sample: real[j], logits: logits, batch: batch, config: model.config))
            }
        }
        var byType: [String: ValidationMetrics] = [:]
        for type in ActionType.allCases {
            let group = outcomes.filter { $0.type == Int(type.rawValue) }
            if !group.isEmpty { byType[type.name] = Validator.summarize(group) }
        }
        let byTask = Dictionary(grouping: outcomes.filter { $0.task != nil }, by: { $0.task! }).mapValues(Validator.summarize)
        return ValidationRecord(step: step, epoch: epoch, overall: Validator.summarize(outcomes), byType: byType,
                                byTask: byTask.isEmpty ? nil : byTask, best: false,
                                seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }

    /// Sample j of the batch (store index `i`).
    func evaluate(_ j: Int, sample i: Int, logits: PolicyLogits, batch: PolicyBatch, config c: PolicyConfig) -> Outcome {
        let targets = batch.targets!
        let types = c.actionTypes, n = c.patchCount, classes = c.offsetClasses, v = c.keyCount
        let type = Int(targets.type[j])
        let typeRow = logits.type[(j * types)..<((j + 1) * types)]
        var o = Outcome(type: type, task: tasks[Int(store.episode[i])], typeRight: Validator.argmax(typeRow) == type,
                        lossType: Validator.crossEntropy(typeRow, type))
        let actionType = ActionType(rawValue: Int32(type))!
        if actionType.hasPosition {
            let target = PointerCodec.encode(x: targets.x[j], y: targets.y[j], config: c)
            let patchRow = logits.patch[(j * n)..<((j + 1) * n)]
            let offsets = logits.offset!
            let targetRow = offsets[((j * n + target.patch) * classes)..<((j * n + target.patch + 1) * classes)]
            o.lossPatch = Validator.crossEntropy(patchRow, target.patch)
            o.lossOffset = Validator.crossEntropy(targetRow, target.offset)
            let patch = Validator.argmax(patchRow)
            o.inPatch = patch == target.patch
            let predicted = PointerDecoding.centroid(
                patchLogits: patchRow,
                offsetLogits: { offsets[((j * n + $0) * classes)..<((j * n + $0 + 1) * classes)] }, config: c)
            if let g = geometries[Int(store.episode[i])] {
                let p = g.screenPoint(x: predicted.x, y: predicted.y)
                let tx = (Double(store.screenX[i]) * Double(g.screenWidth) - 0.5).rounded()
                let ty = (Double(store.screenY[i]) * Double(g.screenHeight) - 0.5).rounded()
                o.errorPx = ((Double(p.x) - tx) * (Double(p.x) - tx) + (Double(p.y) - ty) * (Double(p.y) - ty)).squareRoot()
            }
        }
        if actionType == .key {
            let keyRow = logits.key[(j * v)..<((j + 1) * v)]
            let key = Int(targets.key[j])
            o.lossKey = Validator.crossEntropy(keyRow, key)
            o.keyRight = Validator.argmax(keyRow) == key
            var bce = 0.0
            var right = true
            for m in 0..<c.modifiers {
                let z = Double(logits.modifiers[j * c.modifiers + m]), t = Double(targets.modifiers[j * c.modifiers + m])
                bce += max(z, 0) - z * t + Foundation.log(1 + Foundation.exp(-abs(z)))
                if (z > 0) != (t > 0.5) { right = false }
            }
            o.lossMods = bce / Double(c.modifiers)
            o.modsRight = right
        }
        return o
    }

    static func summarize(_ outcomes: [Outcome]) -> ValidationMetrics {
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        func rate(_ flags: [Bool]) -> Double? { flags.isEmpty ? nil : Double(flags.filter { $0 }.count) / Double(flags.count) }
        let lossType = mean(outcomes.map(\.lossType)) ?? 0
        let lossPatch = mean(outcomes.compactMap(\.lossPatch)), lossOffset = mean(outcomes.compactMap(\.lossOffset))
        let lossKey = mean(outcomes.compactMap(\.lossKey)), lossMods = mean(outcomes.compactMap(\.lossMods))
        let errors = outcomes.compactMap(\.errorPx).sorted()
        let median: Double? = errors.isEmpty ? nil
            : errors.count % 2 == 1 ? errors[errors.count / 2] : (errors[errors.count / 2 - 1] + errors[errors.count / 2]) / 2
        return ValidationMetrics(
            samples: outcomes.count,
            loss: lossType + (lossPatch ?? 0) + (lossOffset ?? 0) + (lossKey ?? 0) + (lossMods ?? 0),
            lossType: lossType, lossPatch: lossPatch, lossOffset: lossOffset, lossKey: lossKey, lossMods: lossMods,
            typeAccuracy: rate(outcomes.map(\.typeRight)) ?? 0, actionAccuracy: rate(outcomes.map(\.actionRight)) ?? 0,
            pointerInPatch: rate(outcomes.compactMap(\.inPatch)), pointerErrorPx: median,
            keyAccuracy: rate(outcomes.compactMap(\.keyRight)), modifiersAccuracy: rate(outcomes.compactMap(\.modsRight)))
    }

    /// −log softmax(row)[target], in double.
    static func crossEntropy(_ row: ArraySlice<Float>, _ target: Int) -> Double {
        let m = Double(row.max() ?? 0)
        var sum = 0.0
        for z in row { sum += Foundation.exp(Double(z) - m) }
        return m + Foundation.log(sum) - Double(row[row.startIndex + target])
    }

    /// The index (from 0) of the largest value; the first on ties.
    static func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }
}
