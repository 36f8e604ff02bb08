import Dataset

/// One batch of model input: B frames at the model's size and the K past actions of each.
/// Arrays are flat and row-major, exactly the tensors of an inputs file (docs/model.md).
public struct PolicyBatch: Sendable {
    public var size: Int
    /// (B, H, W, 3) RGB bytes, top row first.
    public var frames: [UInt8]
    /// (B, K) past actions, oldest first: type, x bin, y bin, key index. Slots before the episode start
    /// hold 0 (wait, bin 0, no key).
    public var historyType: [Int32]
    public var historyX: [Int32]
    public var historyY: [Int32]
    public var historyKey: [Int32]
    /// What should have been done, for the loss; nil for inference.
    public var targets: PolicyTargets?

    public init(size: Int, frames: [UInt8], historyType: [Int32], historyX: [Int32], historyY: [Int32],
                historyKey: [Int32], targets: PolicyTargets? = nil) {
        self.size = size
        self.frames = frames
        self.historyType = historyType
        self.historyX = historyX
        self.historyY = historyY
        self.historyKey = historyKey
        self.targets = targets
    }

    /// A batch of one frame with its history (most recent action last; fewer than K is padded).
    public init(frame: [UInt8], history: [HistoryAction], config: PolicyConfig) {
        let (t, x, y, k) = HistoryAction.encode(history, config: config)
        self.init(size: 1, frames: frame, historyType: t, historyX: x, historyY: y, historyKey: k)
    }

    /// Checks sizes and ranges against `config`, naming the first bad field.
    public func validate(config: PolicyConfig) throws(PolicyError) {
        let b = size, k = config.historyLength
        if b < 1 { throw .badBatch(field: "frames", reason: "a batch needs at least one sample") }
        let frameBytes = config.imageHeight * config.imageWidth * 3
        if frames.count != b * frameBytes {
            throw .badBatch(field: "frames", reason: "\(frames.count) bytes are not \(b) frames of \(config.imageHeight)x\(config.imageWidth)x3")
        }
        func check(_ values: [Int32], _ name: String, count: Int, limit: Int) throws(PolicyError) {
            if values.count != count { throw .badBatch(field: name, reason: "has \(values.count) values, expected \(count)") }
            if let bad = values.first(where: { $0 < 0 || Int($0) >= limit }) {
                throw .badBatch(field: name, reason: "value \(bad) outside 0..<\(limit)")
            }
        }
        try check(historyType, "hist_type", count: b * k, limit: config.actionTypes)
        try check(historyX, "hist_x", count: b * k, limit: config.positionBins)
        try check(historyY, "hist_y", count: b * k, limit: config.positionBins)
        try check(historyKey, "hist_key", count: b * k, limit: config.keyCount)
        if let targets {
            try check(targets.type, "type", count: b, limit: config.actionTypes)
            try check(targets.key, "key", count: b, limit: config.keyCount)
            for (name, values) in [("x", targets.x), ("y", targets.y)] {
                if values.count != b { throw .badBatch(field: name, reason: "has \(values.count) values, expected \(b)") }
                if let bad = values.first(where: { !($0 >= 0 && $0 <= 1) }) {
                    throw .badBatch(field: name, reason: "value \(bad) is not a normalized coordinate in [0, 1]")
                }
            }
            if targets.modifiers.count != b * config.modifiers {
                throw .badBatch(field: "mods", reason: "has \(targets.modifiers.count) values, expected \(b)x\(config.modifiers)")
            }
            if let bad = targets.modifiers.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw .badBatch(field: "mods", reason: "value \(bad) outside [0, 1]")
            }
        }
    }
}

/// The actions a batch should produce, per sample.
public struct PolicyTargets: Sendable {
    /// (B) action type index.
    public var type: [Int32]
    /// (B) pointer position normalized to [0, 1) of the frame (ignored unless the type has a position).
    public var x: [Float]
    public var y: [Float]
    /// (B) key index (ignored unless the type is key).
    public var key: [Int32]
    /// (B, 4) modifier flags 0 or 1, ctrl shift alt super (ignored unless the type is key).
    public var modifiers: [Float]

    public init(type: [Int32], x: [Float], y: [Float], key: [Int32], modifiers: [Float]) {
        self.type = type
        self.x = x
        self.y = y
        self.key = key
        self.modifiers = modifiers
    }
}

/// A past action, as the history tokens see it.
public struct HistoryAction: Sendable, Equatable {
    public var type: ActionType
    /// Normalized position in [0, 1), for types that have one.
    public var x: Float
    public var y: Float
    /// Key index in the vocabulary (0 = none).
    public var key: Int

    public init(type: ActionType, x: Float = 0, y: Float = 0, key: Int = 0) {
        self.type = type
        self.x = x
        self.y = y
        self.key = key
    }

    /// The bin of a normalized coordinate: ⌊v · bins⌋, clamped to 0..<bins.
    public static func bin(_ v: Float, bins: Int) -> Int32 {
        Int32(max(0, min(bins - 1, Int((v * Float(bins)).rounded(.down)))))
    }

    /// The (K) history arrays for one sample: the last K actions, oldest first, left-padded with
    /// (wait, bin 0, bin 0, no key). Actions without a position get bins 0; non-key actions key 0.
    public static func encode(_ history: [HistoryAction], config: PolicyConfig) -> ([Int32], [Int32], [Int32], [Int32]) {
        let k = config.historyLength
        var t = [Int32](repeating: 0, count: k), x = t, y = t, key = t
        for (slot, action) in zip((k - min(k, history.count))..<k, history.suffix(k)) {
            t[slot] = action.type.rawValue
            if action.type.hasPosition {
                x[slot] = bin(action.x, bins: config.positionBins)
                y[slot] = bin(action.y, bins: config.positionBins)
            }
            if action.type == .key { key[slot] = Int32(action.key) }
        }
        return (t, x, y, key)
    }
}

/// Pointer positions ↔ the pointer head's classes: a patch index (row-major over the patch grid) and an
/// offset inside the patch (row · p + column).
public enum PointerCodec {
    /// The classes for a normalized point: model pixel (⌊x·W⌋, ⌊y·H⌋), clamped inside the frame.
    public static func encode(x: Float, y: Float, config: PolicyConfig) -> (patch: Int, offset: Int) {
        let p = config.patchSize
        let px = max(0, min(config.imageWidth - 1, Int((x * Float(config.imageWidth)).rounded(.down))))
        let py = max(0, min(config.imageHeight - 1, Int((y * Float(config.imageHeight)).rounded(.down))))
        return ((py / p) * config.patchColumns + px / p, (py % p) * p + px % p)
    }

    /// The model pixel of (patch, offset), and the normalized point at that pixel's centre.
    public static func decode(patch: Int, offset: Int, config: PolicyConfig) -> (pixelX: Int, pixelY: Int, x: Float, y: Float) {
        let p = config.patchSize
        let px = (patch % config.patchColumns) * p + offset % p
        let py = (patch / config.patchColumns) * p + offset / p
        return (px, py, (Float(px) + 0.5) / Float(config.imageWidth), (Float(py) + 0.5) / Float(config.imageHeight))
    }
}
