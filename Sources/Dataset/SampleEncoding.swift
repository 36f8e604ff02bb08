import Episode

/// A paired action → the numbers a shard stores for it (targets, history, provenance).
public enum SampleEncoding {
    /// Nil when the action's position is outside the region the model sees (a crop).
    public static func record(_ sample: PairedSample, frame: FrameEntry, episode: Int, geometry: FrameGeometry,
                              history k: Int, bins: Int) -> SampleRecord? {
        let action = sample.action
        var r = SampleRecord(type: action.type, history: k)
        if action.type.hasPosition {
            guard let point = geometry.modelPoint(screenX: action.x, screenY: action.y) else { return nil }
            (r.x, r.y) = point
            (r.screenX, r.screenY) = geometry.screenNormalized(screenX: action.x, screenY: action.y)
            (r.startX, r.startY) = clampedModelPoint(action.startX, action.startY, geometry)
        }
        r.key = Int32(action.key)
        r.modifiers = action.modifiers
        (r.histType, r.histX, r.histY, r.histKey) = history(sample.history, k: k, geometry: geometry, bins: bins)
        r.episode = Int32(episode)
        r.time = action.t
        r.frameIndex = Int32(frame.index)
        r.frameTime = frame.t
        return r
    }

    /// The K history slots for the actions before a decision (the last K of `actions`, oldest
    /// first), as the model reads them: slots before the start are type 0, bins 0, key 0; actions
    /// without a position have bins 0; positions outside the observed region are clamped to it.
    /// The live agent encodes its own past actions with this too.
    public static func history(_ actions: [Action], k: Int, geometry: FrameGeometry, bins: Int)
        -> (type: [Int32], x: [Int32], y: [Int32], key: [Int32]) {
        var type = [Int32](repeating: 0, count: k), x = type, y = type, key = type
        let recent = actions.suffix(k)
        let pad = k - recent.count
        for (j, h) in recent.enumerated() {
            let slot = pad + j
            type[slot] = h.type.rawValue
            key[slot] = Int32(h.key)
            if h.type.hasPosition {
                let p = clampedModelPoint(h.x, h.y, geometry)
                x[slot] = FrameGeometry.bin(p.x, bins: bins)
                y[slot] = FrameGeometry.bin(p.y, bins: bins)
            }
        }
        return (type, x, y, key)
    }

    /// Model coordinates of a screen pixel moved to the nearest pixel inside the observed region.
    static func clampedModelPoint(_ x: Int, _ y: Int, _ g: FrameGeometry) -> (x: Float, y: Float) {
        let cx = max(g.source.x, min(g.source.x + g.source.width - 1, x))
        let cy = max(g.source.y, min(g.source.y + g.source.height - 1, y))
        return g.modelPoint(screenX: cx, screenY: cy)!
    }
}
