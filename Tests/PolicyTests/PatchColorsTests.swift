import Policy
import Testing

/// The colour cells of each token: exact means on a hand-made frame.
@Suite struct PatchColorsTests {
    @Test func eachCellIsTheMeanColourOfItsPixels() throws {
        var c = PolicyConfig()
        c.imageWidth = 8; c.imageHeight = 4; c.patchSize = 4; c.colorCells = 2
        try c.validate()
        // Two 4×4 patches side by side, each four 2×2 cells. Pixel (x, y) = (10x, 20y, 255 on the left half
        // of the frame, else 0): a cell's mean is the mean of its x and y.
        var frame = [UInt8](repeating: 0, count: 8 * 4 * 3)
        for y in 0..<4 {
            for x in 0..<8 {
                frame[(y * 8 + x) * 3] = UInt8(10 * x); frame[(y * 8 + x) * 3 + 1] = UInt8(20 * y)
                frame[(y * 8 + x) * 3 + 2] = x < 4 ? 255 : 0
            }
        }
        let values = PatchColors.of(frame: frame, config: c)
        #expect(values.count == 2 * 12)
        for patch in 0..<2 {
            for cy in 0..<2 {
                for cx in 0..<2 {
                    let x0 = patch * 4 + cx * 2, y0 = cy * 2
                    let expected: [Float] = [10 * (Float(x0) + 0.5) / 255, 20 * (Float(y0) + 0.5) / 255, patch == 0 ? 1 : 0]
                    let cell = Array(values[(patch * 12 + (cy * 2 + cx) * 3)..<(patch * 12 + (cy * 2 + cx) * 3 + 3)])
                    for k in 0..<3 { #expect(abs(cell[k] - expected[k]) < 1e-6, "patch \(patch) cell (\(cx), \(cy)) channel \(k)") }
                }
            }
        }
    }

    @Test func cellsThatDoNotDivideThePatchAreRefused() {
        var c = PolicyConfig()
        c.colorCells = 3
        #expect(throws: PolicyError.invalidConfig(field: "color_cells", reason: "must be 0 or divide patch_size 8, is 3")) { try c.validate() }
    }

    @Test func aConfigWithoutColourCellsIsStoredAsBefore() throws {
        #expect(!PolicyConfig().json().contains("color_cells"))
        var c = PolicyConfig.demo
        #expect(c.json().contains("\"color_cells\":4") && PolicyModel.layout(c).names.contains("color_embed.weight"))
        c.colorCells = 0
        #expect(!c.json().contains("color_cells") && !PolicyModel.layout(c).names.contains("color_embed.weight"))
    }
}
