import NN

/// The mean colours of each token's cells (`PolicyConfig.colorCells`), the input of `color_embed`.
public enum PatchColors {
    /// colors (B·N, 3·c²) from frames (B, H, W, 3) bytes: for patch n (row-major over the patch grid), the
    /// mean R, G, B (/255) of each of its c×c cells, cells row by row, channels last.
    static func extract(into colors: Tensor, frames: [UInt8], config c: PolicyConfig) {
        let p = c.patchSize, n = c.patchCount, width = c.imageWidth, cells = c.colorCells
        let side = p / cells, frameBytes = c.imageHeight * width * 3, scale = 1 / Float(255 * side * side)
        let out = colors.data
        frames.withUnsafeBufferPointer { src in
            let src = src.baseAddress!
            NNRuntime.parallelFor(colors.shape[0] / n) { b in
                for patch in 0..<n {
                    let top = (patch / c.patchColumns) * p, left = (patch % c.patchColumns) * p
                    let o = out + (b * n + patch) * c.colorValues
                    for cy in 0..<cells {
                        for cx in 0..<cells {
                            var r = 0, g = 0, bl = 0
                            for y in 0..<side {
                                let s = src + b * frameBytes + ((top + cy * side + y) * width + left + cx * side) * 3
                                for x in 0..<side { r += Int(s[3 * x]); g += Int(s[3 * x + 1]); bl += Int(s[3 * x + 2]) }
                            }
                            let cell = o + (cy * cells + cx) * 3
                            cell[0] = Float(r) * scale; cell[1] = Float(g) * scale; cell[2] = Float(bl) * scale
                        }
                    }
                }
            }
        }
    }

    /// The values for one frame (model size, (H, W, 3) bytes): (N, 3·c²) flat.
    public static func of(frame: [UInt8], config: PolicyConfig) -> [Float] {
        let colors = Tensor(zeros: [config.patchCount, config.colorValues])
        extract(into: colors, frames: frame, config: config)
        return colors.values
    }
}
