/// Area-averaging resize from one fixed size to another, prepared once and applied to many images:
/// the same arithmetic as `resized(width:height:)` (each output pixel is the mean of the source area
/// it covers), done rows first so that the inner loops run over contiguous memory. Results agree with
/// `resized` to within one level per channel (float rounding at exact halves).
public struct AreaResampler: Sendable {
    public let sourceWidth: Int
    public let sourceHeight: Int
    public let targetWidth: Int
    public let targetHeight: Int

    /// Taps of output row r: rowIndex/rowWeight[rowStart[r] ..< rowStart[r + 1]]; columns alike.
    private let rowStart: [Int]
    private let rowIndex: [Int]
    private let rowWeight: [Float]
    private let columnStart: [Int]
    private let columnIndex: [Int]
    private let columnWeight: [Float]

    public init(sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int) {
        precondition(sourceWidth > 0 && sourceHeight > 0 && targetWidth > 0 && targetHeight > 0,
                     "AreaResampler: sizes must be positive, got \(sourceWidth)x\(sourceHeight) -> \(targetWidth)x\(targetHeight)")
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.targetWidth = targetWidth
        self.targetHeight = targetHeight
        (rowStart, rowIndex, rowWeight) = AreaResampler.taps(source: sourceHeight, target: targetHeight)
        (columnStart, columnIndex, columnWeight) = AreaResampler.taps(source: sourceWidth, target: targetWidth)
    }

    /// Resizes the whole of `image`, which must be `sourceWidth`×`sourceHeight`.
    public func resample(_ image: RGBImage) -> RGBImage {
        var out = RGBImage(width: targetWidth, height: targetHeight)
        resample(image, into: &out)
        return out
    }

    /// Resizes the `sourceWidth`×`sourceHeight` region of `image` whose top-left corner is
    /// (regionX, regionY), writing the result into `canvas` with its top-left corner at (x, y).
    public func resample(_ image: RGBImage, regionX: Int = 0, regionY: Int = 0, into canvas: inout RGBImage,
                         x: Int = 0, y: Int = 0) {
        image.pixels.withUnsafeBufferPointer { pixels in
            resample(pixels: pixels, width: image.width, height: image.height, regionX: regionX, regionY: regionY,
                     into: &canvas, x: x, y: y)
        }
    }

    /// The same, from RGB pixels in memory (rows of width·3 bytes), e.g. lent by `PNG.withDecoded`.
    public func resample(pixels: UnsafeBufferPointer<UInt8>, width imageWidth: Int, height imageHeight: Int,
                         regionX: Int = 0, regionY: Int = 0, into canvas: inout RGBImage, x: Int = 0, y: Int = 0) {
        precondition(pixels.count >= imageWidth * imageHeight * 3, "AreaResampler: \(pixels.count) bytes do not hold a \(imageWidth)x\(imageHeight) image")
        precondition(regionX >= 0 && regionY >= 0 && regionX + sourceWidth <= imageWidth && regionY + sourceHeight <= imageHeight,
                     "AreaResampler: region \(sourceWidth)x\(sourceHeight)+\(regionX)+\(regionY) is not inside a \(imageWidth)x\(imageHeight) image")
        precondition(x >= 0 && y >= 0 && x + targetWidth <= canvas.width && y + targetHeight <= canvas.height,
                     "AreaResampler: a \(targetWidth)x\(targetHeight) result does not fit at \(x),\(y) in a \(canvas.width)x\(canvas.height) canvas")
        let rowLength = sourceWidth * 3
        let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: rowLength)
        defer { accumulator.deallocate() }
        // When every output row covers a whole number of source rows (1080 -> 72: 15 each), the
        // vertical pass is a plain sum, done in 16-bit integers, which vectorizes well.
        let rowsPerOutput = sourceHeight / targetHeight
        let uniformRows = sourceHeight % targetHeight == 0 && rowsPerOutput <= 257
        let sums = UnsafeMutablePointer<UInt16>.allocate(capacity: uniformRows ? rowLength : 0)
        defer { sums.deallocate() }
        let canvasWidth = canvas.width
        do {
            let srcBuffer = pixels
            canvas.pixels.withUnsafeMutableBufferPointer { dstBuffer in
                rowStart.withUnsafeBufferPointer { rowStart in
                rowIndex.withUnsafeBufferPointer { rowIndex in
                rowWeight.withUnsafeBufferPointer { rowWeight in
                columnStart.withUnsafeBufferPointer { columnStart in
                columnIndex.withUnsafeBufferPointer { columnIndex in
                columnWeight.withUnsafeBufferPointer { columnWeight in
                    let src = srcBuffer.baseAddress!, dst = dstBuffer.baseAddress!
                    for oy in 0..<targetHeight {
                        // Vertical: the weighted sum of the source rows this output row covers.
                        if uniformRows {
                            sums.update(repeating: 0, count: rowLength)
                            for k in 0..<rowsPerOutput {
                                let row = src + ((regionY + oy * rowsPerOutput + k) * imageWidth + regionX) * 3
                                for i in 0..<rowLength { sums[i] &+= UInt16(row[i]) }
                            }
                            let w = 1 / Float(rowsPerOutput)
                            for i in 0..<rowLength { accumulator[i] = w * Float(sums[i]) }
                        } else {
                            accumulator.update(repeating: 0, count: rowLength)
                            for k in rowStart[oy]..<rowStart[oy + 1] {
                                let w = rowWeight[k]
                                let row = src + ((regionY + rowIndex[k]) * imageWidth + regionX) * 3
                                for i in 0..<rowLength { accumulator[i] += w * Float(row[i]) }
                            }
                        }
                        // Horizontal: the weighted sum of the columns each output pixel covers.
                        let out = dst + ((y + oy) * canvasWidth + x) * 3
                        for ox in 0..<targetWidth {
                            var r: Float = 0, g: Float = 0, b: Float = 0
                            for k in columnStart[ox]..<columnStart[ox + 1] {
                                let w = columnWeight[k]
                                let i = columnIndex[k] * 3
                                r += w * accumulator[i]; g += w * accumulator[i + 1]; b += w * accumulator[i + 2]
                            }
                            out[ox * 3] = AreaResampler.byte(r)
                            out[ox * 3 + 1] = AreaResampler.byte(g)
                            out[ox * 3 + 2] = AreaResampler.byte(b)
                        }
                    }
                }}}}}}
            }
        }
    }

    @inline(__always)
    private static func byte(_ value: Float) -> UInt8 {
        UInt8(max(0, min(255, value + 0.5)))
    }

    /// For each target index, the source indices it covers and their weights (summing to 1), flattened.
    private static func taps(source: Int, target: Int) -> ([Int], [Int], [Float]) {
        let scale = Double(source) / Double(target)
        var start: [Int] = [0]
        var index: [Int] = []
        var weight: [Float] = []
        for t in 0..<target {
            let from = Double(t) * scale
            let to = Double(t + 1) * scale
            var s = Int(from)
            while Double(s) < to && s < source {
                let overlap = min(to, Double(s + 1)) - max(from, Double(s))
                if overlap > 1e-9 {
                    index.append(s)
                    weight.append(Float(overlap / scale))
                }
                s += 1
            }
            start.append(index.count)
        }
        return (start, index, weight)
    }
}
