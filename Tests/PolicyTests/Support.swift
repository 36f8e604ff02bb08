import Dataset
import Foundation
import NN
import Policy
import Testing

/// A config small enough for finite differences and debug builds: 16×16 frames in 4×4 patches (16 patch
/// tokens), d 16, 2 heads, 2 blocks, MLP 32, K 2, 8 bins, a 6-key vocabulary. T = 1 + 2 + 16 = 19.
func tinyConfig(initStd: Float = 0.3) -> (PolicyConfig, KeyVocabulary) {
    var c = PolicyConfig()
    c.imageWidth = 16; c.imageHeight = 16; c.patchSize = 4; c.width = 16; c.heads = 2; c.layers = 2
    c.mlpWidth = 32; c.historyLength = 2; c.positionBins = 8; c.initStd = initStd
    let vocabulary = try! KeyVocabulary(names: ["none", "a", "b", "Return", "space", "Escape"])
    c.keyCount = vocabulary.count
    return (c, vocabulary)
}

/// A seeded batch whose targets cover every loss term: clicks, keys with modifiers, a wait, a scroll, a move.
func tinyBatch(_ c: PolicyConfig, size: Int = 6, seed: UInt64 = 7) -> PolicyBatch {
    var batch = PolicyInputs.random(config: c, batch: size, seed: seed)
    let types: [ActionType] = [.click, .key, .wait, .scrollDown, .key, .move, .doubleClick, .rightClick]
    batch.targets!.type = (0..<size).map { types[$0 % types.count].rawValue }
    return batch
}

/// The repository's root, from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Max |got − expected| ≤ tolerance · max(floor, max |expected|); reports the first mismatches. Returns
/// the max difference relative to that scale.
@discardableResult
func checkTensor(_ name: String, _ got: [Float], _ expected: [Float], tolerance: Double, floor: Double = 1,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    #expect(got.count == expected.count, "\(name): \(got.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    let scale = max(floor, Double(expected.map(abs).max() ?? 0))
    var worst = 0.0
    var mismatches: [String] = []
    for i in 0..<min(got.count, expected.count) {
        let diff = abs(Double(got[i]) - Double(expected[i]))
        if diff > worst || diff.isNaN { worst = diff }
        if !(diff <= tolerance * scale) && mismatches.count < 5 { mismatches.append("[\(i)] \(got[i]) vs \(expected[i])") }
    }
    #expect(mismatches.isEmpty, "\(name): max diff \(worst) > \(tolerance) x \(scale): \(mismatches.joined(separator: ", "))",
            sourceLocation: sourceLocation)
    return worst / scale
}
