extension RGBImage {
    /// Whether `region` placed with its top-left corner at (x, y) lies wholly inside this image.
    public func fits(_ region: RGBImage, x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x + region.width <= width && y + region.height <= height
    }

    /// Copies `region` over this image with its top-left corner at (x, y). It must fit (`fits`).
    public mutating func paste(_ region: RGBImage, x: Int, y: Int) {
        precondition(fits(region, x: x, y: y), "paste: a \(region.width)x\(region.height) region at (\(x), \(y)) does not fit \(width)x\(height)")
        let rowBytes = region.width * 3
        let w = width
        pixels.withUnsafeMutableBufferPointer { dst in
            region.pixels.withUnsafeBufferPointer { src in
                for row in 0..<region.height {
                    let target = ((y + row) * w + x) * 3
                    for i in 0..<rowBytes { dst[target + i] = src[row * rowBytes + i] }
                }
            }
        }
    }
}
