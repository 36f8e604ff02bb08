import Dataset
import Foundation
import Policy
import Testing

/// The pointer centroid on hand-made distributions (a 4×4 patch grid of 4×4-pixel patches, 16×16 frame).
@Suite struct PointerDecodingTests {
    var config: PolicyConfig {
        var c = PolicyConfig()
        c.imageWidth = 16; c.imageHeight = 16; c.patchSize = 4
        return c
    }

    /// Logits of a distribution with `mass` on the given entries and (practically) none elsewhere.
    func logits(_ count: Int, peaks: [Int: Float]) -> [Float] {
        (0..<count).map { i in peaks[i].map { Foundation.log($0) } ?? -40 }
    }

    func centroid(patches: [Float], offsets: [[Float]]) -> (x: Float, y: Float) {
        PointerDecoding.centroid(patchLogits: patches[...], offsetLogits: { offsets[$0][...] }, config: config)
    }

    @Test func aSharpDistributionGivesItsPixelCentre() {
        // Patch 5 is column 1, row 1; offset 6 is column 2, row 1: model pixel (6, 5).
        let patches = logits(16, peaks: [5: 1])
        let offsets = (0..<16).map { _ in logits(16, peaks: [6: 1]) }
        let p = centroid(patches: patches, offsets: offsets)
        #expect(abs(p.x - 6.5 / 16) < 1e-4 && abs(p.y - 5.5 / 16) < 1e-4)
    }

    @Test func aFlatOffsetHeadGivesThePatchCentre() {
        let patches = logits(16, peaks: [5: 1])
        let offsets = [[Float]](repeating: [Float](repeating: 0, count: 16), count: 16)
        let p = centroid(patches: patches, offsets: offsets)
        #expect(abs(p.x - 6.0 / 16) < 1e-4 && abs(p.y - 6.0 / 16) < 1e-4)
    }

    @Test func massSplitBetweenNeighboursLandsBetweenThem() {
        // Patches 5 and 6 (columns 1 and 2 of row 1) equally likely, flat offsets: x midway, at pixel 8.
        let patches = logits(16, peaks: [5: 0.5, 6: 0.5])
        let offsets = [[Float]](repeating: [Float](repeating: 0, count: 16), count: 16)
        let p = centroid(patches: patches, offsets: offsets)
        #expect(abs(p.x - 8.0 / 16) < 1e-3 && abs(p.y - 6.0 / 16) < 1e-3)
    }

    @Test func massOutsideTheNeighbourhoodOfTheModeIsIgnored() {
        // Patch 0 is the mode; patch 15 (the far corner) has the rest and must not pull the point towards it.
        let patches = logits(16, peaks: [0: 0.6, 15: 0.4])
        let offsets = [[Float]](repeating: [Float](repeating: 0, count: 16), count: 16)
        let p = centroid(patches: patches, offsets: offsets)
        #expect(abs(p.x - 2.0 / 16) < 1e-3 && abs(p.y - 2.0 / 16) < 1e-3)
    }

    @Test func predictUsesTheCentroid() throws {
        let model = try PolicyModel(config: config, seed: 1)
        model.parameters["head.type.bias"][Int(ActionType.click.rawValue)] = 50  // so the prediction is a click
        let frame = [UInt8](repeating: 90, count: 16 * 16 * 3)
        let prediction = try model.predict(frame: frame, history: [])
        let all = try model.forward(PolicyBatch(frame: frame, history: [], config: config), allOffsets: true)
        let expected = PointerDecoding.centroid(
            patchLogits: all.patch[...], offsetLogits: { all.offset![($0 * 16)..<(($0 + 1) * 16)] }, config: config)
        let pointer = try #require(prediction.pointer)
        #expect(abs(pointer.x - expected.x) < 1e-5 && abs(pointer.y - expected.y) < 1e-5)
    }
}
