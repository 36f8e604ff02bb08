import Primitives
import SafeTensors
import NN

/// The inputs file of `mimic model forward` (docs/model.md): a batch as named tensors.
public enum PolicyInputs {
    public static let targetNames = ["type", "x", "y", "key", "mods"]

    /// The batch in a safetensors file; `path` names the file in errors.
    public static func batch(from file: SafeTensorsFile, path: String, config c: PolicyConfig) throws(PolicyError) -> PolicyBatch {
        func bad(_ tensor: String, _ reason: String) -> PolicyError { .badBatch(field: tensor, reason: "\(path): \(reason)") }
        func entry(_ name: String, _ dtype: SafeTensorsFile.DType) throws(PolicyError) -> SafeTensorsFile.Entry {
            guard let e = file.entry(name) else { throw bad(name, "tensor '\(name)' is missing") }
            guard e.dtype == dtype else { throw bad(name, "tensor '\(name)' is \(e.dtype.rawValue), expected \(dtype.rawValue)") }
            return e
        }
        let frames = try entry("frames", .u8)
        let expectedFrame = [c.imageHeight, c.imageWidth, 3]
        guard frames.shape.count == 4, Array(frames.shape.dropFirst()) == expectedFrame, frames.shape[0] >= 1 else {
            throw bad("frames", "tensor 'frames' has shape \(frames.shape), expected [B, \(c.imageHeight), \(c.imageWidth), 3] for this model")
        }
        let b = frames.shape[0]
        func ints(_ name: String, _ shape: [Int]) throws(PolicyError) -> [Int32] {
            let e = try entry(name, .i32)
            guard e.shape == shape else { throw bad(name, "tensor '\(name)' has shape \(e.shape), expected \(shape)") }
            return e.bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        }
        func floats(_ name: String, _ shape: [Int]) throws(PolicyError) -> [Float] {
            let e = try entry(name, .f32)
            guard e.shape == shape else { throw bad(name, "tensor '\(name)' has shape \(e.shape), expected \(shape)") }
            return e.bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        }
        let k = c.historyLength
        var batch = PolicyBatch(
            size: b, frames: frames.bytes,
            historyType: try ints("hist_type", [b, k]), historyX: try ints("hist_x", [b, k]),
            historyY: try ints("hist_y", [b, k]), historyKey: try ints("hist_key", [b, k]))
        let present = targetNames.filter { file.entry($0) != nil }
        if !present.isEmpty {
            if let missing = targetNames.first(where: { file.entry($0) == nil }) {
                throw bad(missing, "has targets \(present) but not '\(missing)'; give all of \(targetNames) or none")
            }
            batch.targets = PolicyTargets(
                type: try ints("type", [b]), x: try floats("x", [b]), y: try floats("y", [b]), key: try ints("key", [b]),
                modifiers: try floats("mods", [b, c.modifiers]))
        }
        do { try batch.validate(config: c) } catch {
            if case .badBatch(let field, let reason) = error { throw bad(field, reason) }
            throw error
        }
        return batch
    }

    /// The batch as an inputs file.
    public static func file(from batch: PolicyBatch, config c: PolicyConfig) -> SafeTensorsFile {
        var file = SafeTensorsFile()
        let b = batch.size, k = c.historyLength
        file.add("frames", uint8s: batch.frames, shape: [b, c.imageHeight, c.imageWidth, 3])
        file.add("hist_type", int32s: batch.historyType, shape: [b, k])
        file.add("hist_x", int32s: batch.historyX, shape: [b, k])
        file.add("hist_y", int32s: batch.historyY, shape: [b, k])
        file.add("hist_key", int32s: batch.historyKey, shape: [b, k])
        if let t = batch.targets {
            file.add("type", int32s: t.type, shape: [b])
            file.add("x", floats: t.x, shape: [b])
            file.add("y", floats: t.y, shape: [b])
            file.add("key", int32s: t.key, shape: [b])
            file.add("mods", floats: t.modifiers, shape: [b, c.modifiers])
        }
        return file
    }

    /// A seeded random batch with targets of every kind (for tests and benchmarks): random pixels and
    /// history; target types cycle through all ten so that every loss term is present.
    public static func random(config c: PolicyConfig, batch b: Int, seed: UInt64) -> PolicyBatch {
        var r = SeededRandom(seed: seed)
        func int(_ n: Int) -> Int32 { Int32(r.next() % UInt64(n)) }
        let frames = (0..<(b * c.imageHeight * c.imageWidth * 3)).map { _ in UInt8(truncatingIfNeeded: r.next()) }
        let k = c.historyLength
        let ht = (0..<(b * k)).map { _ in int(c.actionTypes) }
        let hx = (0..<(b * k)).map { _ in int(c.positionBins) }
        let hy = (0..<(b * k)).map { _ in int(c.positionBins) }
        let hk = (0..<(b * k)).map { _ in int(c.keyCount) }
        let type = (0..<b).map { Int32(($0 + Int(seed)) % c.actionTypes) }
        let x = (0..<b).map { _ in Float(r.uniform()) }
        let y = (0..<b).map { _ in Float(r.uniform()) }
        let key = (0..<b).map { _ in int(c.keyCount) }
        let mods = (0..<(b * c.modifiers)).map { _ in Float(r.next() % 2) }
        return PolicyBatch(size: b, frames: frames, historyType: ht, historyX: hx, historyY: hy, historyKey: hk,
                           targets: PolicyTargets(type: type, x: x, y: y, key: key, modifiers: mods))
    }
}
