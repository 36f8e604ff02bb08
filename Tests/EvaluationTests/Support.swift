import Dataset
import Capture
import Foundation
import Policy
import TestSupport

/// Runs `body` with a private 480x480 X display (its own Xvfb) that outlives every X client the
/// body creates: they are released when the body returns, before the server stops.
func withPrivateDisplay<R>(_ body: (String) throws -> R) throws -> R {
    let display = try PrivateDisplay(width: 480, height: 480)
    defer { display.stop() }
    return try withExtendedLifetime(display) { try body(display.name) }
}

/// An untrained model small enough for a debug build: 32×32 input in 8×8 patches (16 patch tokens),
/// d 32, 2 heads, 1 block, history 2: 1 + 2 + 16 = 19 tokens per decision. Written to `path`.
@discardableResult
func writeTinyModel(to path: String, seed: UInt64 = 5) throws -> PolicyModel {
    var c = PolicyConfig()
    c.imageWidth = 32; c.imageHeight = 32; c.patchSize = 8; c.width = 32; c.heads = 2; c.layers = 1
    c.mlpWidth = 32; c.historyLength = 2; c.positionBins = 8
    c.keyCount = KeyVocabulary.standard.count
    let model = try PolicyModel(config: c, vocabulary: .standard, seed: seed)
    try model.save(to: path)
    return model
}

/// Runs the built mimic binary.
func mimic(_ arguments: [String]) throws -> ProcessResult {
    try run(BuiltProducts.mimic, arguments)
}

/// A flag one side sets and another reads (a stand-in for Ctrl-C).
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
