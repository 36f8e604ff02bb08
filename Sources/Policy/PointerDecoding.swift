/// Where the pointer head points, as one position.
///
/// The head gives P(patch) and, per patch, P(offset | patch). Taking the most likely offset of the most likely
/// patch throws away what the rest of the distribution knows: early in training the offset head is nearly flat,
/// so its argmax is a random pixel of the patch, and a target on a patch border splits its mass between
/// neighbours. The centroid, the probability-weighted mean position over the most likely patch and its 8
/// neighbours, lands near the target in both cases (measured in docs/model.md, "Decoding the pointer").
public enum PointerDecoding {
    /// The centroid in normalized [0, 1) coordinates. `patchLogits` has one entry per patch token (row-major
    /// over the patch grid); `offsetLogits(i)` gives patch i's offset logits (p·p, row-major).
    public static func centroid(patchLogits: ArraySlice<Float>, offsetLogits: (Int) -> ArraySlice<Float>, config: PolicyConfig) -> (x: Float, y: Float) {
        let p = config.patchSize, columns = config.patchColumns, rows = config.patchRows
        let patchProbabilities = softmax(Array(patchLogits))
        let mode = argmax(patchProbabilities)
        let modeColumn = mode % columns, modeRow = mode / columns
        var sumX = 0.0, sumY = 0.0, total = 0.0
        for row in max(0, modeRow - 1)...min(rows - 1, modeRow + 1) {
            for column in max(0, modeColumn - 1)...min(columns - 1, modeColumn + 1) {
                let patch = row * columns + column
                let offsets = softmax(Array(offsetLogits(patch)))
                let weight = Double(patchProbabilities[patch])
                for (offset, probability) in offsets.enumerated() {
                    let w = weight * Double(probability)
                    sumX += w * (Double(column * p + offset % p) + 0.5)
                    sumY += w * (Double(row * p + offset / p) + 0.5)
                    total += w
                }
            }
        }
        guard total > 0 else {
            let point = PointerCodec.decode(patch: mode, offset: (p / 2) * p + p / 2, config: config)
            return (point.x, point.y)
        }
        return (Float(sumX / total) / Float(config.imageWidth), Float(sumY / total) / Float(config.imageHeight))
    }
}
