import Dataset
import Foundation
import NN
import Policy
import TestSupport
@testable import Training

/// The tests' model: 32×32 frames in 8×8 patches (16 patch tokens, 64 offsets), d 32, 2 heads, 1 layer,
/// MLP 32; history 2 and 8 bins come from the dataset. About 20k parameters: fast enough in a debug build
/// (whose NN kernels run unoptimized).
func tinyModel() -> ModelOverrides {
    var o = ModelOverrides()
    o.patchSize = 8
    o.width = 32
    o.heads = 2
    o.layers = 1
    o.mlpWidth = 32
    return o
}

/// Synthetic recordings (SyntheticRecordings: squares to click, bands that name a key) on 64×64 screens,
/// built into a 32×32 dataset with history 2 and 8 bins. The squares are 8 screen pixels (4 model pixels)
/// and the clicks land in their middle half, so the target's patch can be read off the frame.
/// The same arguments give the same dataset.
func syntheticDataset(in folder: TemporaryFolder, episodes: Int = 12, scenes: Int = 64, valFraction: Double = 0.25,
                      seed: UInt64 = 1) throws -> String {
    var o = SyntheticRecordings.Options()
    o.episodes = episodes
    o.scenes = scenes
    o.screenWidth = 64
    o.screenHeight = 64
    o.squareSize = 8
    o.seed = seed
    return try SyntheticRecordings.buildDataset(in: folder.path, options: o, size: ImageSize(width: 32, height: 32),
                                                valFraction: valFraction, history: 2, bins: 8)
}

/// Options for short test runs.
func testOptions(steps: Int, lr: Float = 2e-3, warmup: Int = 10) -> TrainingOptions {
    var o = TrainingOptions()
    o.steps = steps
    o.batchSize = 32
    o.learningRate = lr
    o.warmupSteps = warmup
    o.validateEvery = 0
    o.checkpointEvery = 0
    o.logEvery = 1
    o.seed = 3
    return o
}

/// The loss of every update in a metrics log (one train line per step: --log-every 1).
func stepLosses(_ folder: String) throws -> [Int: Double] {
    var out: [Int: Double] = [:]
    for case .train(let r) in try MetricsLog.read(path: folder + "/" + RunLayout.metrics) {
        precondition(r.steps == 1, "the test runs log every step")
        out[r.step] = r.loss
    }
    return out
}

/// Runs `body` with the test's fixed NN thread count (bit-identical runs need the same count).
func withTestThreads<R>(_ body: () throws -> R) rethrows -> R {
    try NNRuntime.withThreadCount(2, body)
}

/// Every file of a folder with its bytes, to show that nothing was changed.
func snapshot(_ folder: String) -> [String: Data] {
    var out: [String: Data] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
        out[name] = FileManager.default.contents(atPath: folder + "/" + name)
    }
    return out
}

/// Runs a throwing call and returns its TrainingError (nil when it did not throw one).
func trainingError(_ body: () throws -> Void) -> TrainingError? {
    do { try body() } catch let error as TrainingError { return error } catch { return nil }
    return nil
}
