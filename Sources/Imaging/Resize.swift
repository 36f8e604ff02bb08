import Primitives

/// Area-averaging resize: each output pixel is the mean of the source area it covers,
/// with fractional weights at the edges, so that thin lines and small text fade instead of vanishing.
extension RGBImage {
    public func resized(width outWidth: Int, height outHeight: Int) -> RGBImage {
        precondition(outWidth > 0 && outHeight > 0, "resize target must be positive")
        if outWidth == width && outHeight == height { return self }
        let columns = AreaWeights(source: width, target: outWidth)
        let rows = AreaWeights(source: height, target: outHeight)

        // Horizontal pass: (height, outWidth, 3) in Float.
        var horizontal = [Float](repeating: 0, count: height * outWidth * 3)
        pixels.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let srcRow = y * width * 3
                    let dstRow = y * outWidth * 3
                    for ox in 0..<outWidth {
                        var r: Float = 0, g: Float = 0, b: Float = 0
                        for (sx, w) in columns.taps[ox] {
                            let i = srcRow + sx * 3
                            r += w * Float(src[i]); g += w * Float(src[i + 1]); b += w * Float(src[i + 2])
                        }
                        dst[dstRow + ox * 3] = r; dst[dstRow + ox * 3 + 1] = g; dst[dstRow + ox * 3 + 2] = b
                    }
                }
            }
        }
        // Vertical pass into bytes.
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        let rowLength = outWidth * 3
        horizontal.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var accumulator = [Float](repeating: 0, count: rowLength)
                for oy in 0..<outHeight {
                    for i in 0..<rowLength { accumulator[i] = 0 }
                    for (sy, w) in rows.taps[oy] {
                        let base = sy * rowLength
                        for i in 0..<rowLength { accumulator[i] += w * src[base + i] }
                    }
                    for i in 0..<rowLength {
                        dst[oy * rowLength + i] = UInt8(max(0, min(255, accumulator[i] + 0.5)))
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }

    /// Fits the image inside `width`×`height` keeping its aspect ratio, centred, on black bars.
    /// Returns the image and where the content landed, to map coordinates back.
    public func letterboxed(width outWidth: Int, height outHeight: Int) -> (image: RGBImage, content: Rect) {
        let scale = min(Double(outWidth) / Double(width), Double(outHeight) / Double(height))
        let contentWidth = max(1, min(outWidth, Int((Double(width) * scale).rounded())))
        let contentHeight = max(1, min(outHeight, Int((Double(height) * scale).rounded())))
        let x0 = (outWidth - contentWidth) / 2
        let y0 = (outHeight - contentHeight) / 2
        let content = resized(width: contentWidth, height: contentHeight)
        if contentWidth == outWidth && contentHeight == outHeight {
            return (content, Rect(x: 0, y: 0, width: outWidth, height: outHeight))
        }
        var canvas = RGBImage(width: outWidth, height: outHeight)
        for y in 0..<contentHeight {
            let src = y * contentWidth * 3
            let dst = ((y0 + y) * outWidth + x0) * 3
            canvas.pixels.replaceSubrange(dst..<(dst + contentWidth * 3), with: content.pixels[src..<(src + contentWidth * 3)])
        }
        return (canvas, Rect(x: x0, y: y0, width: contentWidth, height: contentHeight))
    }
}

/// For each target index, the source indices it covers and their weights (summing to 1).
private struct AreaWeights {
    let taps: [[(Int, Float)]]

    init(source: Int, target: Int) {
        let scale = Double(source) / Double(target)
        var taps: [[(Int, Float)]] = []
        taps.reserveCapacity(target)
        for t in 0..<target {
            let start = Double(t) * scale
            let end = Double(t + 1) * scale
            var entry: [(Int, Float)] = []
            var s = Int(start)
            while Double(s) < end && s < source {
                let overlap = min(end, Double(s + 1)) - max(start, Double(s))
                if overlap > 1e-9 { entry.append((s, Float(overlap / scale))) }
                s += 1
            }
            taps.append(entry)
        }
        self.taps = taps
    }
}
